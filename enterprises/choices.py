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
