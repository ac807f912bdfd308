"""Honours (评先树优): nominations, first review and selection within the quota."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.final import FinalRecord
from core.quarters import FIRST_YEAR, LAST_STORED_YEAR
from core.scoping import ScopedQuerySet, enterprise_or_region

from ..choices import (
    HonourKind,
    HonourStatus,
)


class HonourQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        return enterprise_or_region(user, "enterprise_id", "region__path")


class Honour(FinalRecord, models.Model):
    """A nomination for an honour of a year and jurisdiction; selections are capped at 0.5 % of
    the kind's base (``ratings.honours.quota``)."""

    final_states = (HonourStatus.SELECTED,)

    kind = models.CharField(_("类别"), max_length=16, choices=HonourKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    region = models.ForeignKey("regions.Region", verbose_name=_("评选范围"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.CharField(_("人员"), max_length=50, blank=True)
    merits = models.TextField(_("事迹"), max_length=2000)
    status = models.CharField(_("状态"), max_length=10, choices=HonourStatus.choices, default=HonourStatus.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("初审时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("评选时间"), null=True, blank=True)
    reason = models.TextField(_("审核意见"), max_length=2000, blank=True)
    created = models.DateTimeField(_("提名时间"), auto_now_add=True)

    objects = HonourQuerySet.as_manager()

    class Meta:
        verbose_name = _("评先树优")
        verbose_name_plural = _("评先树优")
        ordering = ["-year", "kind", "-created"]
        indexes = [models.Index(fields=["kind", "year", "region", "status"], name="honour_quota")]
        constraints = [
            models.CheckConstraint(
                name="honour_year_range", condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_STORED_YEAR)
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} {self.enterprise_id}"
