from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("正常经营")
    SUSPENDED = "suspended", _("暂停经营")
    DEREGISTERED = "deregistered", _("已注销")


class PartyOrganisation(models.TextChoices):
    NONE = "none", _("未建立")
    INDEPENDENT = "independent", _("独立党组织")
    JOINT = "joint", _("联合党组织")
    INSTRUCTOR = "instructor", _("选派党建指导员")


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    WITHDRAWN = "withdrawn", _("已撤回")


# Management-system certifications a property-service enterprise commonly holds; the data
# migration 0003 loads these, and administrators may add more.
STANDARD_CERTIFICATIONS = [
    ("ISO9001", "ISO 9001 质量管理体系认证"),
    ("ISO14001", "ISO 14001 环境管理体系认证"),
    ("ISO45001", "ISO 45001 职业健康安全管理体系认证"),
    ("GB/T27922", "GB/T 27922 商品售后服务评价体系认证"),
    ("ISO27001", "ISO/IEC 27001 信息安全管理体系认证"),
    ("ISO50001", "ISO 50001 能源管理体系认证"),
]
