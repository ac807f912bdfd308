"""Quarterly self-reports (自查自评)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import (
    ReportStatus,
)
from .querysets import ProjectWorkQuerySet
from .standards import InspectionStandard


class SelfReport(models.Model):
    """季度自查自评: a managed project's self-assessment against the standard for a quarter."""

    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    standard = models.ForeignKey(InspectionStandard, verbose_name=_("检查标准"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    due_date = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    # Only the items scored below full marks are stored (检查项编号 → 自评得分); every other
    # applicable item was self-scored at its full points. 144 entries × 8 quarters × every
    # managed project would otherwise dominate the database.
    scores = models.JSONField(_("自评失分项"), default=dict, blank=True, help_text=_("低于满分的检查项编号 → 自评得分"))
    self_score = models.DecimalField(_("自评总分"), max_digits=7, decimal_places=1, null=True, blank=True)
    evidence = models.TextField(_("佐证说明"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    late = models.BooleanField(_("逾期提交"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    times_returned = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    objects = ProjectWorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("季度自查自评")
        verbose_name_plural = _("季度自查自评")
        ordering = ["-year", "-quarter", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "quarter"], name="self_report_once_a_quarter")
        ]
        indexes = [models.Index(fields=["-year", "-quarter", "project"], name="self_report_listing")]

    def __str__(self):
        return f"{self.project} {self.year}Q{self.quarter}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:report_detail", args=[self.pk])
