"""Choices of the owners' app: kinds of identity document, and (below) the owners' votes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdKind(models.TextChoices):
    """The document an owner is known by on the property register."""

    RESIDENT = "resident", _("居民身份证")
    USCC = "uscc", _("统一社会信用代码")
    OTHER = "other", _("其他证件（护照、港澳台居民证件等）")


class OwnerKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("单位")
