"""Inspections on site, their deductions and the evidence photos."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import SUPERVISION_READERS
from core.scoping import ScopedQuerySet

from ..choices import (
    InspectionStatus,
)
from .draws import DrawResult
from .standards import InspectionStandard, StandardItem


class InspectionQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        if user.is_enterprise_user:
            return Q(enterprise_id=user.enterprise_id, status=InspectionStatus.COUNTERSIGNED)
        if user.role in SUPERVISION_READERS and user.region_path:
            # An inspector sent from elsewhere by a draw sees the inspections they are on.
            mine = Inspection.inspectors.through.objects.filter(user_id=user.pk).values("inspection_id")
            return Q(project__region__path__startswith=user.region_path) | Q(pk__in=mine)
        return None


class Inspection(models.Model):
    """One inspection of a project by at least two inspectors. The score is computed from the
    applicable items and the deductions, never typed."""

    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("物业企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    standard = models.ForeignKey(InspectionStandard, verbose_name=_("检查标准"), on_delete=models.PROTECT)
    draw_result = models.OneToOneField(
        DrawResult,
        verbose_name=_("抽取结果"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection",
    )
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("检查人员"), related_name="+")
    status = models.CharField(
        _("状态"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.ASSIGNED
    )
    due_on = models.DateField(_("完成期限"), null=True, blank=True)
    total_points = models.DecimalField(_("应得分"), max_digits=7, decimal_places=1, default=0)
    deducted = models.DecimalField(_("扣分"), max_digits=7, decimal_places=1, default=0)
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=1, null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("会签人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    countersigned_at = models.DateTimeField(_("会签时间"), null=True, blank=True)
    # Why the second inspector last sent it back (each return is also a work event).
    return_reason = models.TextField(_("退回理由"), blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查")
        verbose_name_plural = _("检查")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.project} {self.created:%Y-%m-%d}"


class Deduction(models.Model):
    """Points taken off one item, with the reason; photos may back it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="deductions")
    item = models.ForeignKey(StandardItem, verbose_name=_("检查项"), on_delete=models.PROTECT)
    points = models.DecimalField(
        _("扣分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    reason = models.TextField(_("扣分理由"))
    needs_rectification = models.BooleanField(_("需整改"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("检查人员"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("扣分项")
        verbose_name_plural = _("扣分项")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="deduction_one_per_item")]

    def __str__(self):
        return f"{self.item.code} -{self.points}"
