"""The maintenance fund (住宅专项维修资金): the deposit rate per region, an account per project
and a ledger per unit.

A ledger entry is never updated or deleted (refused by the database, migration 0002): a
correction is a new entry. A unit's balance is the sum of its entries."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet, enterprise_or_region
from owners.models import Owner, Unit
from projects.models import Project
from regions.models import Region

from ..choices import EntryKind
from ..permissions import works_with_funds

CENT = Decimal("0.01")


class FundQuerySet(ScopedQuerySet):
    """Officers of the project's region and the enterprise managing it see the fund's rows."""

    region_lookup = "project__region__path"
    enterprise_lookup = "project__enterprise_id"

    def scope_for(self, user):
        if not works_with_funds(user):
            return None
        return enterprise_or_region(user, self.enterprise_lookup, self.region_lookup)


class DepositRate(models.Model):
    """The first deposit per m² of exclusive area in a region (and the regions below it) from a
    date on: a share (5–8 %) of the local construction cost per m² (《住宅专项维修资金管理办法》
    第七条). A rate is never changed (the database refuses it, migration 0005): a new one with a
    later date supersedes it, and the history stays. One not yet used by a deposit may be
    withdrawn; a deposit names the rate it used (``LedgerEntry.rate``), which then stays."""

    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+")
    construction_cost = models.DecimalField(
        _("建筑安装工程每平方米造价（元）"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("99999"))],
    )
    percent = models.DecimalField(
        _("交存比例（%）"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("5")), MaxValueValidator(Decimal("8"))],
    )
    effective_from = models.DateField(_("执行日期"))
    note = models.CharField(_("依据"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("设定人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("设定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("维修资金交存标准")
        verbose_name_plural = _("维修资金交存标准")
        ordering = ["region__path", "-effective_from"]
        constraints = [
            models.CheckConstraint(name="funds_rate_percent_range", condition=Q(percent__gte=5, percent__lte=8)),
            models.CheckConstraint(name="funds_rate_cost_positive", condition=Q(construction_cost__gt=0)),
            models.UniqueConstraint(fields=["region", "effective_from"], name="funds_rate_one_per_region_and_date"),
        ]

    def __str__(self):
        return f"{self.region}: {self.rate} ({self.effective_from})"

    @property
    def rate(self) -> Decimal:
        return rate_of(self.construction_cost, self.percent)


def rate_of(cost, percent) -> Decimal:
    return (Decimal(cost) * Decimal(percent) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def default_rate() -> Decimal:
    """The national default: the settings' construction cost × the settings' percentage."""
    return rate_of(Decimal(str(settings.FUNDS_CONSTRUCTION_COST)), Decimal(str(settings.FUNDS_DEPOSIT_PERCENT)))


def rate_in_force(region, on: dt.date) -> DepositRate | None:
    """The rate of the nearest region (the region itself, else the nearest ancestor) that has one
    in force on ``on`` (the latest with ``effective_from <= on``); None: the settings' default."""
    paths = region_paths(region.path)
    rows = (
        DepositRate.objects.filter(region__path__in=paths, effective_from__lte=on)
        .select_related("region")
        .order_by("-effective_from")
    )
    latest: dict[str, DepositRate] = {}
    for row in rows:
        latest.setdefault(row.region.path, row)
    return next((latest[path] for path in paths if path in latest), None)


def region_paths(path: str) -> list[str]:
    """``"37/3701/370102/"`` → the region's own path first, then its ancestors' upwards."""
    codes = [code for code in path.split("/") if code]
    return ["".join(f"{c}/" for c in codes[:n]) for n in range(len(codes), 0, -1)]


def rate_for(region, on: dt.date | None = None) -> Decimal:
    """The rate per m² in force in ``region`` on ``on`` (today): its own or the nearest
    ancestor's, else the settings' default."""
    found = rate_in_force(region, on or timezone.localdate())
    return found.rate if found is not None else default_rate()


class FundAccount(models.Model):
    """A project's maintenance-fund account (专户), holding one ledger per unit."""

    project = models.OneToOneField(
        Project, verbose_name=_("物业项目"), on_delete=models.PROTECT, related_name="fund_account"
    )
    rate = models.DecimalField(_("首期交存标准（元/m²）"), max_digits=10, decimal_places=2)
    opened_on = models.DateField(_("开户日期"))

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = _("维修资金账户")
        verbose_name_plural = _("维修资金账户")
        constraints = [models.CheckConstraint(name="funds_account_rate_positive", condition=Q(rate__gt=0))]

    def __str__(self):
        return str(self.project)


class EntryQuerySet(FundQuerySet):
    region_lookup = "account__project__region__path"
    enterprise_lookup = "account__project__enterprise_id"


class LedgerEntry(models.Model):
    """One movement on a unit's ledger; never changed or deleted."""

    account = models.ForeignKey(
        FundAccount, verbose_name=_("维修资金账户"), on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    unit = models.ForeignKey(Unit, verbose_name=_("房屋"), on_delete=models.PROTECT, related_name="fund_entries")
    kind = models.CharField(_("类别"), max_length=10, choices=EntryKind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    posted_on = models.DateField(_("记账日期"))
    holder = models.ForeignKey(
        Owner, verbose_name=_("业主"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    use = models.ForeignKey(
        "funds.FundUse", verbose_name=_("维修项目"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revenue = models.ForeignKey(
        "funds.RevenuePosting",
        verbose_name=_("公共收益"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("计息年度"), null=True, blank=True)
    rate = models.ForeignKey(
        DepositRate,
        verbose_name=_("交存标准"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deposits",
        help_text=_("首期交存所用的区域标准；空：设置中的默认标准"),
    )
    note = models.CharField(_("摘要"), max_length=200, blank=True)
    created = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("分户账记录")
        verbose_name_plural = _("分户账记录")
        ordering = ["unit", "posted_on", "pk"]
        indexes = [models.Index(fields=["account", "unit", "posted_on"], name="funds_entry_account_unit")]
        constraints = [
            # Deposits and interest add; a use takes; a transfer moves nothing (it records who holds).
            models.CheckConstraint(
                name="funds_entry_sign",
                condition=Q(kind__in=["deposit", "top_up", "interest", "revenue"], amount__gt=0)
                | Q(kind="use", amount__lt=0)
                | Q(kind="transfer", amount=0),
            ),
            models.CheckConstraint(
                name="funds_entry_rate_on_deposits", condition=Q(rate__isnull=True) | Q(kind="deposit")
            ),
            models.UniqueConstraint(fields=["unit"], condition=Q(kind="deposit"), name="funds_entry_one_first_deposit"),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(kind="interest"), name="funds_entry_interest_once_a_year"
            ),
            models.UniqueConstraint(fields=["unit", "use"], condition=Q(kind="use"), name="funds_entry_use_once"),
            models.UniqueConstraint(
                fields=["unit", "revenue"], condition=Q(kind="revenue"), name="funds_entry_revenue_once"
            ),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.kind} {self.amount}"


class BalanceAlert(models.Model):
    """A unit's balance fell below the settings' share (30 %) of its first deposit: the owners
    were told once (a new alert only after the balance recovered and fell again)."""

    unit = models.ForeignKey(Unit, verbose_name=_("房屋"), on_delete=models.CASCADE, related_name="+")
    balance = models.DecimalField(_("余额（元）"), max_digits=14, decimal_places=2)
    first_deposit = models.DecimalField(_("首期交存额（元）"), max_digits=14, decimal_places=2)
    open = models.BooleanField(_("未解除"), default=True)
    created = models.DateTimeField(_("提醒时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("维修资金余额不足提醒")
        verbose_name_plural = _("维修资金余额不足提醒")
        constraints = [models.UniqueConstraint(fields=["unit"], condition=Q(open=True), name="funds_alert_one_open")]

    def __str__(self):
        return f"{self.unit_id}: {self.balance}"
