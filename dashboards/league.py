"""The district and street league table (S3: 管理基础、区和街道主管部门工作、社区工作、物业管理全覆盖、
资金投入): each child region of a jurisdiction measured where the portal has the data, with the
funding figure entered by city officers, every measure defined on the page.

Each measure is one grouped query over its own table, bucketed by child region with a CASE on
the materialised path (as the coverage report does), so the cost does not grow with children.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.permissions import may, require
from core.quarters import as_year
from inspections.choices import InspectionStatus, OrderStatus, ReportStatus
from inspections.models import Inspection, RectificationOrder, SelfReport
from projects.choices import ManagementMode
from projects.models import Project
from regions.choices import RegionLevel
from regions.models import Region

from .models import FundingEntry, RegionMonthly


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    definition: str


MEASURES = (
    Measure("coverage", _("物业管理全覆盖"), _("专业化物业服务项目数 ÷ 项目总数（当前登记）。")),
    Measure(
        "on_time", _("投诉按时办理"), _("全年收到的投诉中各环节都按时完成的件数 ÷ 应计时限件数（见投诉统计口径）。")
    ),
    Measure("inspections", _("检查完成"), _("全年创建的检查中已会签完成的比例。")),
    Measure("rectification", _("整改销号"), _("全年到期的整改单中按期销号的比例。")),
    Measure("self_reports", _("企业自评"), _("全年应提交的季度自评中审核通过的比例。")),
    Measure("funding", _("资金投入"), _("市级主管部门录入的年度资金投入（万元），以同级最高者为 100 折算。")),
)
RATE_KEYS = ("coverage", "on_time", "inspections", "rectification", "self_reports")
TOTAL_DEFINITION = _("综合得分：以上六项（资金投入按折算值）的算术平均；缺少数据的项不计入。")


def parse_year(text: str | None) -> int:
    return as_year(text) or timezone.localdate().year


def can_enter_funding(user, region: Region | None = None) -> bool:
    """Whether ``user`` may enter funding for ``region`` (or, without one, for any district)."""
    if region is not None:
        return may(user, "dashboards.enter_funding", region)
    return any(may(user, "dashboards.enter_funding", r) for r in Region.objects.filter(level=RegionLevel.DISTRICT))


def _rate(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _bucket(lookup: str, children: list[Region]):
    return Case(
        *[When(**{f"{lookup}__startswith": c.path}, then=Value(c.code)) for c in children],
        default=Value(""),
        output_field=CharField(),
    )


def _grouped(queryset, lookup: str, children: list[Region], **aggregates) -> dict[str, dict]:
    rows = queryset.order_by().annotate(bucket=_bucket(lookup, children)).values("bucket").annotate(**aggregates)
    return {r["bucket"]: r for r in rows if r["bucket"]}


def table(user, region: Region, year: int) -> dict:
    """The league of ``region``'s child regions for ``year``: values, total, rank."""
    children = list(Region.objects.visible_to(user).filter(parent=region).order_by("code"))
    tz = timezone.get_default_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    under = {"project__region__path__startswith": region.path}
    coverage = _grouped(
        Project.objects.filter(region__path__startswith=region.path),
        "region__path",
        children,
        total=Count("id"),
        professional=Count("id", filter=Q(management_mode=ManagementMode.PROFESSIONAL)),
    )
    answers = {
        r["region_id"]: r
        for r in RegionMonthly.objects.filter(parent=region, month__year=year)
        .values("region_id")
        .annotate(timed=Sum("timed"), on_time=Sum("on_time"))
    }
    inspections = _grouped(
        Inspection.objects.filter(created__range=(start, end), **under),
        "project__region__path",
        children,
        total=Count("id"),
        done=Count("id", filter=Q(status=InspectionStatus.COUNTERSIGNED)),
    )
    orders = _grouped(
        RectificationOrder.objects.filter(due_at__range=(start, end), **under),
        "project__region__path",
        children,
        total=Count("id"),
        on_time=Count("id", filter=Q(status=OrderStatus.CLOSED, closed_at__lte=F("due_at"))),
    )
    reports = _grouped(
        SelfReport.objects.filter(year=year, **under),
        "project__region__path",
        children,
        total=Count("id"),
        accepted=Count("id", filter=Q(status=ReportStatus.ACCEPTED)),
    )
    funding = {f.region_id: f for f in FundingEntry.objects.filter(year=year, region__in=children)}
    top_funding = max((f.amount for f in funding.values()), default=Decimal(0))
    rows = []
    for child in children:
        c = coverage.get(child.code, {})
        a = answers.get(child.pk, {})
        i = inspections.get(child.code, {})
        o = orders.get(child.code, {})
        s = reports.get(child.code, {})
        f = funding.get(child.pk)
        values = {
            "coverage": _rate(c.get("professional", 0), c.get("total", 0)),
            "on_time": _rate(a.get("on_time") or 0, a.get("timed") or 0),
            "inspections": _rate(i.get("done", 0), i.get("total", 0)),
            "rectification": _rate(o.get("on_time", 0), o.get("total", 0)),
            "self_reports": _rate(s.get("accepted", 0), s.get("total", 0)),
            "funding": f.amount if f else None,
        }
        scored = [values[k] for k in RATE_KEYS if values[k] is not None]
        if f is not None and top_funding:
            scored.append(f.amount * 100 / top_funding)
        total = (sum(scored) / len(scored)).quantize(Decimal("0.1"), ROUND_HALF_UP) if scored else None
        cells = [(m, values[m.key]) for m in MEASURES]
        rows.append({"region": child, "values": values, "cells": cells, "total": total, "funding": f})
    rows.sort(key=lambda r: (r["total"] is None, -(r["total"] or 0), r["region"].code))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank if row["total"] is not None else None
    return {"rows": rows, "total_definition": TOTAL_DEFINITION}


def set_funding(user, region: Region, year: int, amount: Decimal, note: str = "") -> FundingEntry:
    """Record (or correct) a region's yearly funding; city officers and administrators only."""
    require(user, "dashboards.enter_funding", region)
    entry, _created = FundingEntry.objects.update_or_create(
        year=year, region=region, defaults={"amount": amount, "note": note, "entered_by": user}
    )
    return entry
