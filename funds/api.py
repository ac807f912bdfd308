"""Read-only API of the maintenance funds and the public revenue, scoped as the pages are
(``visible_to``: officers of the project's region and the enterprise managing it): each
project's account with its totals (``funds.totals``), each use with its stages and, on its
own page, its split by unit number and area (never owners' names), and the public revenue
entered per half-year."""

from __future__ import annotations

import django_filters
from rest_framework import serializers

from core.api import ScopedReadOnlyViewSet
from core.filters import YearFilter
from projects.api.serializers import ProjectFields
from projects.filtersets import OfProjectFilterSet

from .choices import UseKind, UseStatus
from .models import FundAccount, FundUse, RevenuePosting, UseShare
from .totals import totals


def money(help_text: str):
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, help_text=help_text)


class AccountSerializer(ProjectFields, serializers.ModelSerializer):
    balance = money("余额（元）")
    deposits = money("累计交存（首期交存与续交，元）")
    interest = money("累计分配利息（元）")
    revenue = money("累计转入公共收益（元）")
    used = money("累计维修使用（元）")

    class Meta:
        model = FundAccount
        fields = [
            "id",
            "project",
            "project_code",
            "project_name",
            "rate",
            "opened_on",
            "balance",
            "deposits",
            "interest",
            "revenue",
            "used",
        ]


class AccountFilter(OfProjectFilterSet):
    class Meta:
        model = FundAccount
        fields = ["within", "project"]


class AccountViewSet(ScopedReadOnlyViewSet):
    """Each project's maintenance-fund account with its totals."""

    queryset = FundAccount.objects.select_related("project").annotate(**totals("entries__")).order_by("project_id")
    serializer_class = AccountSerializer
    filterset_class = AccountFilter


class ShareSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.label", read_only=True, help_text="房号")

    class Meta:
        model = UseShare
        fields = ["unit", "area", "amount", "payer"]


USE_FIELDS = [
    "id",
    "project",
    "project_code",
    "project_name",
    "kind",
    "emergency",
    "proposer",
    "title",
    "items",
    "budget",
    "cost",
    "status",
    "vote",
    "posted_at",
    "posted_until",
    "review_due_at",
    "works_started_on",
    "completed_on",
    "approved_at",
    "review_note",
    "disbursed_on",
    "created",
]


class UseSerializer(ProjectFields, serializers.ModelSerializer):
    class Meta:
        model = FundUse
        fields = USE_FIELDS


class UseDetailSerializer(UseSerializer):
    shares = ShareSerializer(many=True, read_only=True, help_text="按专有部分面积分摊，建设单位承担未售房屋")

    class Meta(UseSerializer.Meta):
        fields = [*USE_FIELDS, "shares"]


class UseFilter(OfProjectFilterSet):
    kind = django_filters.ChoiceFilter(choices=UseKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=UseStatus.choices)
    year = YearFilter(field_name="created__year")

    class Meta:
        model = FundUse
        fields = ["kind", "status", "year", "within", "project"]


class UseViewSet(ScopedReadOnlyViewSet):
    """Uses of the maintenance fund, ordinary and emergency; a use's own page adds its split."""

    queryset = FundUse.objects.select_related("project").order_by("-created", "-pk")
    filterset_class = UseFilter

    def get_serializer_class(self):
        return UseDetailSerializer if self.action == "retrieve" else UseSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("shares__unit__building")
        return queryset


class RevenueSerializer(ProjectFields, serializers.ModelSerializer):
    class Meta:
        model = RevenuePosting
        fields = [
            "id",
            "project",
            "project_code",
            "project_name",
            "year",
            "half",
            "advertising",
            "parking",
            "other_income",
            "other_note",
            "costs",
            "cost_note",
            "net",
            "destination",
            "vote",
            "status",
            "posted_at",
            "posted_until",
            "created",
        ]


class RevenueFilter(OfProjectFilterSet):
    year = YearFilter(field_name="year")

    class Meta:
        model = RevenuePosting
        fields = ["year", "half", "status", "within", "project"]


class RevenueViewSet(ScopedReadOnlyViewSet):
    """Public revenue (公共收益) entered per half-year, with its costs, net and destination."""

    queryset = RevenuePosting.objects.select_related("project").order_by("-year", "-half", "project_id")
    serializer_class = RevenueSerializer
    filterset_class = RevenueFilter
