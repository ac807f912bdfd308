"""Uses of the maintenance fund (维修资金使用): the works, the units that pay for them and the
documents of the completion (invoices, photos)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.files import StoredDocument
from core.final import FinalRecord
from owners.models import Owner, Unit, Vote
from projects.models import Project

from ..choices import DocumentKind, Emergency, Payer, Proposer, UseKind, UseStatus
from .accounts import FundQuerySet

MAX_BUDGET = Decimal("999999999.99")


class FundUse(FinalRecord, models.Model):
    """One use: what is repaired, the budget, the units concerned, and its way through the vote
    (ordinary) or the bureau's urgent review (emergency) to the disbursement. Once disbursed it
    is final (the database refuses any change)."""

    final_states = ("disbursed",)

    project = models.ForeignKey(Project, verbose_name=_("物业项目"), on_delete=models.PROTECT, related_name="fund_uses")
    kind = models.CharField(_("使用类型"), max_length=10, choices=UseKind.choices, default=UseKind.ORDINARY)
    emergency = models.CharField(_("应急情形"), max_length=8, choices=Emergency.choices, blank=True)
    proposer = models.CharField(_("提出方"), max_length=10, choices=Proposer.choices)
    title = models.CharField(_("维修项目"), max_length=120)
    items = models.TextField(_("维修内容"))
    budget = models.DecimalField(
        _("预算（元）"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_BUDGET)],
    )
    cost = models.DecimalField(_("决算金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    units = models.ManyToManyField(Unit, verbose_name=_("涉及房屋"), related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=UseStatus.choices, default=UseStatus.PROPOSED)
    vote = models.ForeignKey(
        Vote, verbose_name=_("业主大会表决"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(_("方案公示时间"), null=True, blank=True)
    posted_until = models.DateTimeField(_("方案公示截止"), null=True, blank=True)
    review_due_at = models.DateTimeField(_("审核期限"), null=True, blank=True)
    works_started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("竣工日期"), null=True, blank=True)
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.TextField(_("审核意见"), blank=True)
    disbursed_on = models.DateField(_("划拨日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("提出时间"), auto_now_add=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = _("维修资金使用")
        verbose_name_plural = _("维修资金使用")
        ordering = ["-created"]
        indexes = [models.Index(fields=["project", "-created"], name="funds_use_project")]
        constraints = [
            models.CheckConstraint(
                name="funds_use_emergency_named",
                condition=Q(kind="ordinary", emergency="") | Q(kind="emergency") & ~Q(emergency=""),
            ),
            models.CheckConstraint(name="funds_use_budget_positive", condition=Q(budget__gt=0)),
            models.CheckConstraint(name="funds_use_cost_positive", condition=Q(cost__isnull=True) | Q(cost__gt=0)),
        ]

    def __str__(self):
        return self.title

    @property
    def is_emergency(self) -> bool:
        return self.kind == UseKind.EMERGENCY


class UseShare(models.Model):
    """A unit's part of a use's cost, split by area (exact cents, largest remainder); unsold
    units' parts are the developer's to pay, not their ledgers'."""

    use = models.ForeignKey(FundUse, verbose_name=_("维修项目"), on_delete=models.PROTECT, related_name="shares")
    unit = models.ForeignKey(Unit, verbose_name=_("房屋"), on_delete=models.PROTECT, related_name="+")
    area = models.DecimalField(_("面积（m²）"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("分摊金额（元）"), max_digits=12, decimal_places=2)
    payer = models.CharField(_("承担方"), max_length=10, choices=Payer.choices, default=Payer.FUND)
    holder = models.ForeignKey(
        Owner, verbose_name=_("业主"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("维修费用分摊")
        verbose_name_plural = _("维修费用分摊")
        ordering = ["use", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["use", "unit"], name="funds_share_one_per_unit"),
            models.CheckConstraint(name="funds_share_amount_nonnegative", condition=Q(amount__gte=0)),
        ]

    def __str__(self):
        return f"{self.use_id}:{self.unit_id} {self.amount}"


class UseDocument(StoredDocument):
    """An invoice, a photo or another paper of a use's completion, content-checked by
    ``core.attachments`` and served only to those who may see the use (``core.files``)."""

    folder = "funds"

    use = models.ForeignKey(FundUse, verbose_name=_("维修项目"), on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("类别"), max_length=8, choices=DocumentKind.choices)

    class Meta(StoredDocument.Meta):
        verbose_name = _("竣工材料")
        verbose_name_plural = _("竣工材料")
        ordering = ["use", "kind", "created"]


class UseEvent(models.Model):
    """Who moved a use to which stage, when, and why."""

    use = models.ForeignKey(FundUse, verbose_name=_("维修项目"), on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("状态"), max_length=12, choices=UseStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    created = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("维修资金使用记录")
        verbose_name_plural = _("维修资金使用记录")
        ordering = ["use", "created", "pk"]

    def __str__(self):
        return f"{self.use_id}: {self.status}"
