"""Public revenue (公共收益): each half-year's income from the common parts, with its costs and
net, posted on the project's public page; owners may object; the net goes to the fund."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from owners.models import Owner, Vote
from projects.models import Project

from ..choices import RevenueDestination, RevenueStatus
from .accounts import FundQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2}
AMOUNT_LIMITS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("999999999.99"))]


class RevenuePosting(models.Model):
    """One half-year (``half`` 1: January–June, 2: July–December) of one project."""

    project = models.ForeignKey(
        Project, verbose_name=_("物业项目"), on_delete=models.PROTECT, related_name="revenue_postings"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    half = models.PositiveSmallIntegerField(_("半年"), choices=[(1, _("上半年")), (2, _("下半年"))])
    advertising = models.DecimalField(_("广告收入（元）"), validators=AMOUNT_LIMITS, **MONEY)
    parking = models.DecimalField(_("停车收入（元）"), validators=AMOUNT_LIMITS, **MONEY)
    other_income = models.DecimalField(_("其他收入（元）"), validators=AMOUNT_LIMITS, **MONEY)
    other_note = models.CharField(_("其他收入说明"), max_length=200, blank=True)
    costs = models.DecimalField(_("成本费用（元）"), validators=AMOUNT_LIMITS, **MONEY)
    cost_note = models.CharField(_("成本费用说明"), max_length=200, blank=True)
    net = models.DecimalField(_("净收益（元）"), **MONEY)
    destination = models.CharField(
        _("净收益去向"), max_length=8, choices=RevenueDestination.choices, default=RevenueDestination.FUND
    )
    vote = models.ForeignKey(
        Vote, verbose_name=_("业主大会表决"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=RevenueStatus.choices, default=RevenueStatus.DRAFT)
    posted_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    posted_until = models.DateTimeField(_("公示截止"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("填报时间"), auto_now_add=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = _("公共收益公示")
        verbose_name_plural = _("公共收益公示")
        ordering = ["project", "-year", "-half"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "half"], name="funds_revenue_one_per_half"),
            models.CheckConstraint(
                name="funds_revenue_net_adds_up",
                condition=Q(net=F("advertising") + F("parking") + F("other_income") - F("costs")),
            ),
            models.CheckConstraint(
                name="funds_revenue_other_has_vote", condition=Q(destination="fund") | Q(vote__isnull=False)
            ),
            models.CheckConstraint(
                name="funds_revenue_amounts_nonnegative",
                condition=Q(advertising__gte=0, parking__gte=0, other_income__gte=0, costs__gte=0),
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.year}-{self.half}"

    @property
    def income(self) -> Decimal:
        return self.advertising + self.parking + self.other_income


class RevenueObjection(models.Model):
    posting = models.ForeignKey(
        RevenuePosting, verbose_name=_("公共收益公示"), on_delete=models.CASCADE, related_name="objections"
    )
    owner = models.ForeignKey(Owner, verbose_name=_("业主"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("异议内容"), max_length=2000)
    answer = models.TextField(_("答复"), blank=True)
    created = models.DateTimeField(_("提出时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("对公共收益的异议")
        verbose_name_plural = _("对公共收益的异议")
        ordering = ["posting", "created"]

    def __str__(self):
        return f"{self.posting_id}: {self.text[:20]}"
