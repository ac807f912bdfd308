from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    """Five-level supervision: city → district/county → street/town → community (→ project)."""

    CITY = 1, _("市")
    DISTRICT = 2, _("区（县）")
    STREET = 3, _("街道（乡镇）")
    COMMUNITY = 4, _("社区")
