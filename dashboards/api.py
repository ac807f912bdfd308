"""``GET /api/v1/statistics/complaints/``: the complaint figures of a region and month, from the
pre-aggregated tables, scoped like everything else (a region outside the caller's is not found)."""

from __future__ import annotations

import csv
import io
import itertools

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Role
from core.replica import using_replica
from core.text import as_int
from regions.models import Region

from . import opendata
from . import statistics as stats
from .models import OpenDataset
from .views import home_region


def _change(help_text: str):
    return serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True, help_text=help_text)


def _rate(key: str):
    return serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text=str(stats.FIGURES[key].definition)
    )


class StatisticsRowSerializer(serializers.Serializer):
    """One row. Counts are of the complaints received in the month (a cohort): the rates of a
    month still being handled change as its complaints are signed, answered, rated and closed.
    While the month is in progress every comparison is day for day (``through_day``)."""

    key = serializers.CharField(help_text="分组代码：类别代码、渠道、行政区划代码或统一社会信用代码")
    name = serializers.CharField()
    through_day = serializers.IntegerField(
        allow_null=True, help_text="本月尚未结束时为今天的日期 N：本月、上月、上年同月都只计 1—N 日；整月为 null"
    )
    count = serializers.IntegerField(help_text="本月收到投诉件数（各渠道，含不予受理和合并）")
    previous_month = serializers.IntegerField(help_text="上月（同期）收到件数")
    mom_change_pct = _change("收到件数环比 %")
    same_month_last_year = serializers.IntegerField(help_text="上年同月（同期）收到件数")
    yoy_change_pct = _change("收到件数同比 %")
    accepted = serializers.IntegerField(help_text="本月收到并已受理的件数（受理工单数）")
    accepted_previous_month = serializers.IntegerField(help_text="上月（同期）受理件数")
    accepted_mom_change_pct = _change("受理件数环比 %")
    accepted_same_month_last_year = serializers.IntegerField(help_text="上年同月（同期）受理件数")
    accepted_yoy_change_pct = _change("受理件数同比 %")
    on_time_rate = _rate("on_time_rate")
    enterprise_on_time_rate = _rate("enterprise_on_time_rate")
    accept_on_time_rate = _rate("accept_on_time_rate")
    satisfaction_rate = _rate("satisfaction_rate")
    close_rate = _rate("close_rate")


class StatisticsSerializer(serializers.Serializer):
    region = serializers.CharField()
    region_name = serializers.CharField()
    month = serializers.CharField()
    group_by = serializers.CharField(allow_null=True)
    definitions = serializers.DictField(child=serializers.CharField())
    results = StatisticsRowSerializer(many=True)


class ComplaintStatisticsView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="行政区划代码；缺省为本人所属区域"),
            OpenApiParameter("month", str, description="YYYY-MM；缺省为本月"),
            OpenApiParameter("group_by", str, enum=list(stats.GROUPS), description="分组；缺省为整个区域一行"),
        ],
        responses=StatisticsSerializer,
    )
    def get(self, request):
        user = request.user
        if not user.is_staff_side or (user.role == Role.DEPARTMENT_LIAISON and not user.sees_everything):
            raise PermissionDenied("投诉统计仅供主管部门使用。")
        params = request.query_params
        errors = {}
        month = stats.month_start(timezone.localdate())
        if params.get("month"):
            month = stats.parse_month(params["month"])
            if month is None:
                errors["month"] = ["月份格式应为 YYYY-MM。"]
        group_by = params.get("group_by") or None
        if group_by is not None and group_by not in stats.GROUPS:
            errors["group_by"] = [f"分组只能是 {'、'.join(stats.GROUPS)} 之一。"]
        if errors:
            raise ValidationError(errors)
        if params.get("region"):
            region = get_object_or_404(Region.objects.visible_to(user), code=str(params["region"])[:12])
        else:
            region = home_region(user)
            if region is None:
                raise PermissionDenied("没有可查看的区域。")
        with using_replica():
            rows = stats.complaint_rows(region, month, group_by)
        data = {
            "region": region.code,
            "region_name": region.name,
            "month": f"{month:%Y-%m}",
            "group_by": group_by,
            "definitions": {k: str(f.definition) for k, f in stats.FIGURES.items()}
            | {k: str(v) for k, v in stats.CHANGE_DEFINITIONS.items()},
            "results": rows,
        }
        return Response(StatisticsSerializer(data).data)


class OpenDataFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()


class OpenDatasetSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    fields = OpenDataFieldSerializer(many=True)
    rows = serializers.IntegerField(allow_null=True)
    generated_at = serializers.DateTimeField(allow_null=True)


class OpenDataRowsSerializer(serializers.Serializer):
    key = serializers.CharField()
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()
    generated_at = serializers.DateTimeField()
    results = serializers.ListField(child=serializers.DictField())


class OpenDataListView(APIView):
    """The open-data catalogue: no login (the data holds nothing personal)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses=OpenDatasetSerializer(many=True))
    def get(self, request):
        return Response(OpenDatasetSerializer(opendata.catalogue(), many=True).data)


class OpenDataDetailView(APIView):
    """One dataset's rows as JSON, ``offset``/``limit`` (at most 1,000) pages."""

    authentication_classes = []
    permission_classes = [AllowAny]
    MAX_LIMIT = 1000

    @extend_schema(
        parameters=[OpenApiParameter("offset", int), OpenApiParameter("limit", int, description="≤ 1000")],
        responses=OpenDataRowsSerializer,
    )
    def get(self, request, key):
        if key not in opendata.DATASETS:
            raise NotFound("没有这个数据集。")
        stored = OpenDataset.objects.filter(key=key).first()
        if stored is None:
            raise NotFound("该数据集尚未生成。")
        offset = _bounded(request.query_params.get("offset"), "offset", 0, 10**9, 0)
        limit = _bounded(request.query_params.get("limit"), "limit", 1, self.MAX_LIMIT, 100)
        reader = csv.DictReader(io.StringIO(bytes(stored.content).decode("utf-8-sig")))
        rows = list(itertools.islice(reader, offset, offset + limit))
        data = {
            "key": key,
            "count": stored.rows,
            "offset": offset,
            "limit": limit,
            "generated_at": stored.generated_at,
            "results": rows,
        }
        return Response(OpenDataRowsSerializer(data).data)


def _bounded(raw, name: str, low: int, high: int, default: int) -> int:
    if raw in (None, ""):
        return default
    value = as_int(raw, low, high)
    if value is None:
        raise ValidationError({name: [f"{name} 应为 {low} 到 {high} 之间的整数。"]})
    return value
