"""Dashboards: thin views over :mod:`dashboards.statistics` (pre-aggregated tables only).

Every dashboard is scoped: a region is found through ``Region.objects.visible_to(user)`` (404
outside), an enterprise user sees their enterprise's, a department liaison their department's.
Every table exports to .xlsx (``?export=<table>``) with the same scope and filters.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Role
from complaints.choices import OPEN_STATUSES
from complaints.models import Category, Complaint
from core.replica import using_replica
from core.scoping import region_scope_key
from core.xlsx import form_errors, xlsx_response
from inspections.models import RectificationOrder
from projects.coverage import coverage_columns, coverage_for_user, coverage_rows
from regions.choices import RegionLevel
from regions.models import Region

from . import columns, enterprise_statistics, governance_columns, rollup
from . import league as league_rules
from . import statistics as stats
from .forms import FundingForm
from .governance import governance
from .ratings_summary import ratings_summary

# Each figure's definition (lazy translations), shown as its tooltip.
DEFINITIONS = {k: f.definition for k, f in stats.FIGURES.items()} | stats.CHANGE_DEFINITIONS


def home_region(user) -> Region | None:
    """The region a staff user's dashboard opens on: their home region, or the first city."""
    if user.region_id and not user.sees_everything:
        return user.region
    return Region.objects.visible_to(user).filter(parent__isnull=True).order_by("code").first()


def resolve_region(user, code: str | None) -> Region:
    """The region ``code`` names if ``user`` may see it (else 404); the user's home region without
    a code. The answer is cached per jurisdiction (``region_scope_key``) like the sections."""
    if not code:
        region = home_region(user)
        if region is None:
            raise Http404
        return region
    code = str(code)[:12]
    if not (code.isascii() and code.isalnum()):  # region codes are digits: nothing to look up
        raise Http404
    key = f"dashboards:visible-region:{region_scope_key(user)}:{code}"
    region = cache.get(key)
    if region is None:
        region = Region.objects.visible_to(user).filter(code=code).first()
        if region is None:
            raise Http404
        cache.set(key, region, STATISTICS_CACHE_SECONDS)
    return region


def selected_month(request) -> dt.date:
    return stats.parse_month(request.GET.get("month")) or stats.month_start(timezone.localdate())


def breadcrumb(user, region: Region) -> list[Region]:
    return list(Region.objects.visible_to(user).on_path(region.path).order_by("level"))


def _number(value) -> float | None:
    return float(value) if value is not None else None


def trend_chart(series: list[dict]) -> dict:
    """The monthly trend chart's data (ECharts): received, 按时办理率 and 满意率 per month; the
    region and the enterprise dashboards draw the same chart from it."""
    return {
        "months": [f"{r['month']:%Y-%m}" for r in series],
        "received": [r["counts"]["received"] for r in series],
        "on_time_rate": [_number(r["figures"]["on_time_rate"]) for r in series],
        "satisfaction_rate": [_number(r["figures"]["satisfaction_rate"]) for r in series],
    }


def _export(table: str, region: Region, month: dt.date, context: dict):
    """One dashboard table as a workbook; the same rows the page shows."""
    title = f"{region.name}-{month:%Y-%m}"
    if table in columns.REGION_TABLES:
        name, table_columns, rows = columns.REGION_TABLES[table]
        return xlsx_response(f"{name}-{title}", table_columns, context[rows])
    if table == "coverage":
        report = context["coverage"]
        return xlsx_response(_("管理模式覆盖") + f"-{title}", coverage_columns(report), coverage_rows(report))
    raise Http404


@login_required
def dashboard(request):
    """The dashboard of the signed-in user's kind: region, enterprise or department."""
    user = request.user
    if user.is_enterprise_user:
        return redirect("dashboards:enterprise")
    if user.role == Role.DEPARTMENT_LIAISON and not user.sees_everything:
        return redirect("dashboards:department")
    if not user.is_staff_side:
        raise PermissionDenied
    region = resolve_region(user, request.GET.get("region"))
    month = selected_month(request)
    with using_replica():
        table = request.GET.get("export")
        if table in governance_columns.TITLES:
            title, table_columns, rows = governance_columns.export(table, governance(user, region, month))
            return xlsx_response(f"{title}-{region.name}-{month:%Y}", table_columns, rows)
        if table:
            context = {**region_statistics(region, month), "coverage": coverage_for_user(user, region)}
            return _export(table, region, month, context)
        context = region_context(user, region, month)
    return render(request, "dashboards/region.html", context)


# The region statistics of a page change only when the roll-up runs: cached under its last finish.
STATISTICS_CACHE_SECONDS = 15 * 60


STATISTICS_PARTS = (
    "breadcrumb",
    "head",
    "kpis",
    "backlog",
    "orders",
    "coverage_card",
    "charts",
    "lower",
    "governance",
)


def _statistics_key(region: Region, month: dt.date) -> str:
    """The cache key of a region's statistics: every roll-up run (every few minutes, and
    ``--rebuild``) stamps a new ``finished``, so a cached copy is never older than the tables."""
    return f"dashboards:region:{region.pk}:{month:%Y-%m}:{get_language()}:{rollup.finished_stamp()}"


def region_statistics(region: Region, month: dt.date, key: str | None = None) -> dict:
    """The figures, tables and charts of a region's dashboard: the same for every user who may see
    the region, read from the pre-aggregated tables (cached until the next roll-up)."""
    key = key or _statistics_key(region, month)
    data = cache.get(key)
    if data is None:
        data = _region_statistics(region, month)
        cache.set(key, data, STATISTICS_CACHE_SECONDS)
    return data


def region_statistics_html(user, region: Region, month: dt.date) -> dict:
    """The page's region sections, rendered once per region, month, language, roll-up and what the
    user may see (``region_scope_key``: officers of one jurisdiction share them): KPI cards,
    backlog, coverage, charts and tables, scores and lists, owners' self-governance and funds
    (``STATISTICS_PARTS``), plus the
    month's counts; also the breadcrumb, the month picker and the open rectification orders of
    the jurisdiction. All of it is as fresh as the last roll-up, a few minutes (the page says so)."""
    data_key = _statistics_key(region, month)
    # Another set of parts (a deploy) is another key.
    key = f"{data_key}:html:{region_scope_key(user)}:{'+'.join(STATISTICS_PARTS)}"
    parts = cache.get(key)
    if parts is None:
        data = region_statistics(region, month, data_key)
        context = {
            **data,
            "region": region,
            "month": month,
            "definitions": DEFINITIONS,
            "months": [stats.add_months(stats.month_start(timezone.localdate()), -i) for i in range(24)],
            "breadcrumb": breadcrumb(user, region),
            "orders": open_orders(user, region),
            "coverage": coverage_for_user(user, region),
            "ratings": ratings_summary(region),
            "governance": governance(user, region, month),
        }
        # render_to_string gives SafeStrings, which keep their class through the cache's pickling.
        parts = {name: render_to_string(f"dashboards/_region_{name}.html", context) for name in STATISTICS_PARTS}
        parts.update(counts=data["counts"], regions=context["breadcrumb"], open_orders=context["orders"])
        cache.set(key, parts, STATISTICS_CACHE_SECONDS)
    return parts


def open_orders(user, region: Region) -> dict:
    """The open rectification orders of the region that ``user`` may see: how many, how many
    overdue, how many due within a week (by the status index)."""
    now = timezone.now()
    orders = RectificationOrder.objects.visible_to(user).open().filter(project__region__path__startswith=region.path)
    return orders.aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(is_overdue=True)),
        due_week=Count("id", filter=Q(due_at__range=(now, now + dt.timedelta(7)))),
    )


def _region_statistics(region: Region, month: dt.date) -> dict:
    trend = stats.trend(region, month, 24)  # holds this month, the one before and a year ago
    by_month = {r["month"]: r["counts"] for r in trend}
    current = by_month[month]
    compared = stats.compared_totals(region, month)  # day for day while the month is in progress
    received = compared["current"]["received"]
    before, ago = compared["previous"]["received"], compared["last_year"]["received"]
    children = stats.children(region, month, month) if region.level < RegionLevel.COMMUNITY else []
    by_category = stats.complaint_rows(region, month, "category")
    by_channel = stats.complaint_rows(region, month, "channel")
    return {
        "counts": current,
        "figures": stats.figures(current),
        "mom": stats.change_pct(received, before),
        "yoy": stats.change_pct(received, ago),
        "previous_count": before,
        "year_ago_count": ago,
        "through_day": compared["through_day"],
        "accepted_mom": stats.change_pct(compared["current"]["accepted"], compared["previous"]["accepted"]),
        "accepted_yoy": stats.change_pct(compared["current"]["accepted"], compared["last_year"]["accepted"]),
        "backlog": stats.backlog(region),
        "trend": trend,
        "by_category": by_category,
        "by_channel": by_channel,
        "children": children,
        "worst_projects": stats.worst_projects(region, month, month),
        "worst_enterprises": stats.worst_enterprises(region, month, month),
        "chart": {
            "trend": trend_chart(trend),
            "category": [{"name": r["name"], "value": r["count"]} for r in by_category if r["count"]][:12],
            "channel": [{"name": r["name"], "value": r["count"]} for r in by_channel if r["count"]],
            "children": [
                {"name": c["region"].name, "code": c["region"].code, "value": c["counts"]["received"]} for c in children
            ],
        },
    }


def region_context(user, region: Region, month: dt.date) -> dict:
    """The region sections, rendered and cached per jurisdiction (``region_statistics_html``)."""
    statistics_html = region_statistics_html(user, region, month)
    return {
        "statistics_html": statistics_html,
        "counts": statistics_html["counts"],
        "region": region,
        "month": month,
        "breadcrumb": statistics_html["regions"],
        "orders": statistics_html["open_orders"],
    }


@login_required
def enterprise_dashboard(request):
    """An enterprise's own complaints, response times, satisfaction, scores and open orders."""
    user = request.user
    if not user.is_enterprise_user or not user.enterprise_id:
        raise PermissionDenied
    month = selected_month(request)
    first = stats.add_months(month, -11)
    with using_replica():
        series = enterprise_statistics.enterprise_months(user.enterprise_id, first, month)
        totals = stats.zero()
        for row in series:
            for key, value in row["counts"].items():
                totals[key] += value
        context = {
            "enterprise": user.enterprise,
            "month": month,
            "first": first,
            "series": series,
            "totals": totals,
            "figures": stats.figures(totals),
            "definitions": DEFINITIONS,
            "projects": enterprise_statistics.enterprise_projects(user.enterprise_id, first, month),
            "open_complaints": Complaint.objects.visible_to(user).filter(status__in=OPEN_STATUSES).count(),
            "orders": RectificationOrder.objects.visible_to(user)
            .open()
            .select_related("project")
            .order_by("due_at")[:20],
            "scores": ratings_summary(None, enterprise_id=user.enterprise_id, user=user),
            "chart": {"trend": trend_chart(series)},
        }
        if request.GET.get("export") == "projects":
            return xlsx_response(_("项目投诉统计"), columns.ENTERPRISE_PROJECTS, context["projects"])
    return render(request, "dashboards/enterprise.html", context)


@login_required
def department_dashboard(request):
    """A department's complaints transferred to it (转办): live, from its own small indexed set."""
    user = request.user
    if not (user.role == Role.DEPARTMENT_LIAISON and user.department_id):
        raise PermissionDenied
    complaints = Complaint.objects.visible_to(user)
    month = selected_month(request)
    first = stats.add_months(month, -11)
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    rows = (
        complaints.filter(created__gte=start)
        .values("category__name", "category__name_en")
        .annotate(
            n=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=Q(is_overdue=True, status__in=OPEN_STATUSES)),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
        )
        .order_by("-n")
    )
    rows = [{**r, "category": Category.label_of(r["category__name"] or "", r["category__name_en"] or "")} for r in rows]
    context = {
        "department": user.department,
        "month": month,
        "first": first,
        "rows": rows,
        "open": complaints.filter(status__in=OPEN_STATUSES).count(),
        "overdue": complaints.filter(status__in=OPEN_STATUSES, is_overdue=True).count(),
        "recent": complaints.filter(status__in=OPEN_STATUSES).select_related("project").order_by("due_at")[:20],
    }
    if request.GET.get("export") == "categories":
        return xlsx_response(_("转办投诉统计"), columns.DEPARTMENT_CATEGORIES, rows)
    return render(request, "dashboards/department.html", context)


@login_required
def league(request):
    """The district and street league table (S3), with each measure's definition."""
    user = request.user
    if not user.is_staff_side or user.role == Role.DEPARTMENT_LIAISON:
        raise PermissionDenied
    region = resolve_region(user, request.GET.get("region"))
    year = league_rules.parse_year(request.GET.get("year"))
    with using_replica():
        table = league_rules.table(user, region, year)
    if request.GET.get("export") == "league":
        return xlsx_response(_("区县街道考核排名") + f"-{region.name}-{year}", columns.LEAGUE, table["rows"])
    return render(
        request,
        "dashboards/league.html",
        {
            "region": region,
            "year": year,
            "table": table,
            "breadcrumb": breadcrumb(user, region),
            "measures": league_rules.MEASURES,
            "can_enter_funding": league_rules.can_enter_funding(user, region),
            "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
        },
    )


@login_required
@require_POST
def funding(request):
    """A city officer records a child region's yearly funding (资金投入) from the league page."""
    user = request.user
    if not league_rules.can_enter_funding(user):
        raise PermissionDenied(_("只有市级主管部门可以录入专项经费。"))
    form = FundingForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("dashboards:league")
    region = resolve_region(user, form.cleaned_data["region"])
    data = form.cleaned_data
    league_rules.set_funding(user, region, data["year"], data["amount"], data["note"])
    done = _("已记录 %(region)s %(year)s 年资金投入。") % {"region": region.name, "year": data["year"]}
    messages.success(request, done)
    parent = region.parent.code if region.parent_id else region.code
    return redirect(f"{reverse('dashboards:league')}?region={parent}&year={data['year']}")
