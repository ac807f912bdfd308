from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectType(models.TextChoices):
    """The seven property-service standards, plus other."""

    RESIDENTIAL = "residential", _("住宅")
    OFFICE = "office", _("写字楼")
    SCHOOL = "school", _("中小学校")
    HOSPITAL = "hospital", _("医院")
    UNIVERSITY = "university", _("高等院校")
    MALL = "mall", _("商场")
    INDUSTRIAL_PARK = "industrial_park", _("产业园区")
    OTHER = "other", _("其他")


class ManagementMode(models.TextChoices):
    PROFESSIONAL = "professional", _("规范化物业管理")
    UNIT_LOGISTICS = "unit_logistics", _("单位后勤管理")
    BASIC_CLEANING = "basic_cleaning", _("简单保洁")
    UNMANAGED = "unmanaged", _("无人管理")


class OwnersCommittee(models.TextChoices):
    NONE = "none", _("未成立")
    PREPARING = "preparing", _("筹备中")
    ESTABLISHED = "established", _("已成立")
