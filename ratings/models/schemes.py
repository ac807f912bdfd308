"""The versioned scoring schemes and each quarter's scoring run."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.final import FinalRecord
from core.quarters import Quarter
from core.scoping import ScopedQuerySet

from ..choices import (
    Component,
    RunStatus,
    SchemeStatus,
)


class SchemeQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # The rules are public to everyone who is scored or scores.
        return Q() if user.is_staff_side or user.is_enterprise_user else None

    def in_force(self, quarter: Quarter):
        """The published scheme effective for ``quarter`` (the latest effective on or before it)."""
        return (
            self.filter(status=SchemeStatus.PUBLISHED)
            .filter(
                Q(effective_year__lt=quarter.year)
                | Q(effective_year=quarter.year, effective_quarter__lte=quarter.number)
            )
            .order_by("-effective_year", "-effective_quarter", "-version")
            .first()
        )


class Scheme(FinalRecord, models.Model):
    """A named version of the weights and parameters, effective from a quarter. Officers edit a
    draft; publishing freezes it, so a past quarter always recomputes to what was published."""

    final_states = (SchemeStatus.PUBLISHED,)

    name = models.CharField(_("名称"), max_length=100)
    version = models.PositiveIntegerField(_("版本"), unique=True)
    effective_year = models.PositiveSmallIntegerField(_("生效年度"))
    effective_quarter = models.PositiveSmallIntegerField(_("生效季度"))
    status = models.CharField(_("状态"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT)
    params = models.JSONField(_("权重与参数"), default=dict)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-version"]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def effective_from(self) -> Quarter:
        return Quarter(self.effective_year, self.effective_quarter)

    def weights_total(self) -> Decimal:
        """The sum of the components' weights (%): a published scheme's is 100."""
        weights = (self.params or {}).get("weights") or {}
        return sum((Decimal(str(weights.get(key) or 0)) for key in Component.values), Decimal(0))

    def check_weights(self) -> None:
        """Refuse weights that do not total 100 % (publishing, the admin's form)."""
        total = self.weights_total()
        if total != 100:
            raise ValidationError(
                _("考核方案各项权重合计须为 100%%，现为 %(n)s%%。") % {"n": format(total.normalize(), "f")},
                code="weights",
            )

    def clean(self):
        super().clean()
        if self.status == SchemeStatus.PUBLISHED:
            try:
                self.check_weights()
            except ValidationError as error:
                raise ValidationError({"params": error}) from None


class RunQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # Which quarters were scored is no secret; what each one shows is scoped on the scores.
        return Q() if user.is_staff_side or user.is_enterprise_user else None


class ScoringRun(FinalRecord, models.Model):
    """One quarter's scoring: partitions (cities or districts) computed by any number of workers."""

    final_states = (RunStatus.PUBLISHED,)

    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.PROTECT, related_name="runs")
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.COMPUTING)
    partitions = models.JSONField(
        _("分区"), default=list, help_text=_("计算分区：地市（不少于 8 个时）或区县的行政区划代码")
    )
    partitions_done = models.JSONField(_("已完成分区"), default=list)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The moment the quarter's stages are judged at (a stage still running then and past its
    # deadline is late): one moment for every partition, so the figures can be reproduced.
    started = models.DateTimeField(
        _("开始时间"),
        auto_now_add=True,
        help_text=_("投诉各环节是否按时，按此时点判断（仍在办理且已过截止时间的为超时）"),
    )
    finished = models.DateTimeField(_("完成时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    queued_at = models.DateTimeField(
        _("排队时间"), null=True, blank=True, help_text=_("分区最近一次排队计算的时间（卡住时据此重新排队）")
    )
    error = models.TextField(_("错误"), blank=True)
    error_at = models.DateTimeField(_("出错时间"), null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("季度考核")
        verbose_name_plural = _("季度考核")
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="scoring_run_quarter_unique")]

    def __str__(self):
        return str(self.period)

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def progress(self) -> tuple[int, int]:
        return len(self.partitions_done), len(self.partitions)
