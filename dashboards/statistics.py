"""The complaint figures, each defined once, and the reads of the pre-aggregated tables.

A figure is computed from the counts of :data:`dashboards.models.COUNT_FIELDS` (summed over
whatever rows a page shows); its ``definition`` is the tooltip the page shows next to it.
Changes are printed as the bureau's reports print them: ``−37.2 %``, one decimal, and none
when the base is 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.choices import Channel
from complaints.models import Category
from core.quarters import as_year
from core.text import as_int
from enterprises.models import Enterprise
from projects.models import Project
from regions.models import Region

from .models import COUNT_FIELDS, Backlog, ComplaintDaily, ProjectMonthly, RegionMonthly

Counts = dict[str, int]


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def change_pct(current: int | None, base: int | None) -> Decimal | None:
    """Relative change in percent, one decimal (``-37.2``); None when there is no base."""
    if not base or current is None:
        return None
    return (Decimal(current - base) * 100 / Decimal(base)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    definition: str
    compute: Callable[[Counts], int | Decimal | None]
    unit: str = ""


# Counts are of the complaints *received* in the period (a cohort), as the measures of
# complaints.measures define them; the rates of a month still change as its complaints are handled.
FIGURES = {
    f.key: f
    for f in (
        Figure(
            "received",
            _("收到投诉"),
            _("期间内登记的投诉件数（各渠道，含不予受理和合并）。"),
            lambda c: c["received"],
            _("件"),
        ),
        Figure(
            "accepted",
            _("受理"),
            _("期间内收到、已受理（受理工单）的件数；市级“受理工单数量”即此数。"),
            lambda c: c["accepted"],
            _("件"),
        ),
        Figure(
            "on_time",
            _("按时办理"),
            _("期间内收到、各环节（受理、签收、答复）都在开始时记录的截止时间前完成的件数。"),
            lambda c: c["on_time"],
            _("件"),
        ),
        Figure(
            "late",
            _("超时"),
            _("期间内收到、至少一个环节超过截止时间（已完成或仍在办理）的件数。"),
            lambda c: c["timed"] - c["on_time"],
            _("件"),
        ),
        Figure("closed", _("办结"), _("期间内收到、已办结的件数。"), lambda c: c["closed"], _("件")),
        Figure(
            "on_time_rate",
            _("按时办理率"),
            _(
                "按时办理件数 ÷ 应计时限件数（至少一个环节已完成或已超过截止时间）。各环节按开始时记录的截止时间判断；"
                "当月收到的投诉仍在办理，比率会随办理进展变化。"
            ),
            lambda c: _rate(c["on_time"], c["timed"]),
            "%",
        ),
        Figure(
            "enterprise_on_time_rate",
            _("企业按时办理率"),
            _("物业企业负责的环节（签收、答复）都按时完成的件数 ÷ 企业应计时限件数。"),
            lambda c: _rate(c["enterprise_on_time"], c["enterprise_timed"]),
            "%",
        ),
        Figure(
            "accept_on_time_rate",
            _("按时受理率"),
            _("受理环节（住建部门负责）在截止时间前完成的件数 ÷ 受理应计时限件数。"),
            lambda c: _rate(c["accept_on_time"], c["accept_timed"]),
            "%",
        ),
        Figure(
            "satisfaction_rate",
            _("满意率（含基本满意）"),
            _("（满意 + 基本满意）÷ 已评价件数。与季度考核的“满意度得分”（基本满意按系数折算）不同。"),
            lambda c: _rate(c["satisfied"] + c["basically_satisfied"], c["rated"]),
            "%",
        ),
        Figure(
            "substantiated_share",
            _("属实率"),
            _("认定属实件数 ÷ 已认定（属实或不属实）件数。"),
            lambda c: _rate(c["substantiated"], c["decided"]),
            "%",
        ),
        Figure("repeat", _("重复投诉"), _("作为重复件合并到另一件投诉的件数。"), lambda c: c["repeat"], _("件")),
        Figure(
            "close_rate", _("办结率"), _("已办结件数 ÷ 已受理件数。"), lambda c: _rate(c["closed"], c["accepted"]), "%"
        ),
    )
}

CHANGE_DEFINITIONS = {
    "mom": _("环比：与上月相比的增减百分比，保留一位小数；上月为 0 时不计算。"),
    "yoy": _("同比：与上年同月相比的增减百分比，保留一位小数；上年同月为 0 时不计算。"),
    "partial": _("本月尚未结束时，环比和同比只比较截至今天的同样天数（如 1—7 日对上月 1—7 日、上年同月 1—7 日）。"),
    "cohort": _("各项件数和比率按投诉收到的月份归集；该月投诉仍在办理时，按时、办结、满意等比率会随办理进展变化。"),
    "per_100": _("每百户投诉：期间内收到的投诉件数 ÷ 项目（企业在管项目合计）户数 × 100。"),
}


def zero() -> Counts:
    return dict.fromkeys(COUNT_FIELDS, 0)


def figures(counts: Counts) -> dict[str, int | Decimal | None]:
    return {key: f.compute(counts) for key, f in FIGURES.items()}


def _sums(queryset) -> Counts:
    row = queryset.aggregate(**{f: Sum(f) for f in COUNT_FIELDS})
    return {f: row[f] or 0 for f in COUNT_FIELDS}


# Months -------------------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def parse_month(text: str | None) -> dt.date | None:
    """``YYYY-MM`` → the first of that month; None for anything else."""
    year, _sep, month = str(text or "").partition("-")
    year, month = as_year(year), as_int(month, 1, 12)
    return dt.date(year, month, 1) if year and month else None


# Reads of the region table -----------------------------------------------------------------------


def region_months(region: Region, first: dt.date, last: dt.date):
    return RegionMonthly.objects.filter(region=region, month__range=(first, last))


def totals(region: Region, first: dt.date, last: dt.date) -> Counts:
    return _sums(region_months(region, first, last))


def trend(region: Region, last: dt.date, months: int = 24) -> list[dict]:
    """Month by month for ``months`` months up to ``last``: counts and figures."""
    first = add_months(last, -(months - 1))
    rows = region_months(region, first, last).values("month").annotate(**{f: Sum(f) for f in COUNT_FIELDS})
    by_month = {r["month"]: {f: r[f] for f in COUNT_FIELDS} for r in rows}
    series = []
    for i in range(months):
        month = add_months(first, i)
        counts = by_month.get(month, zero())
        series.append({"month": month, "counts": counts, "figures": figures(counts)})
    return series


GROUPS = ("category", "channel", "region", "enterprise")


def _grouped(region: Region, months: list[dt.date], group_by: str | None) -> dict[dt.date, dict[object, Counts]]:
    """Counts per month and group key (the region's own pk without ``group_by``): one grouped query
    for all ``months``."""
    sums = {f: Sum(f) for f in COUNT_FIELDS}
    if group_by == "enterprise":
        rows = ProjectMonthly.objects.filter(
            month__in=months, region_path__startswith=region.path, enterprise__isnull=False
        ).values("month", key=F("enterprise_id"))
    elif group_by == "region":
        rows = RegionMonthly.objects.filter(parent=region, month__in=months).values("month", key=F("region_id"))
    elif group_by is None:
        rows = RegionMonthly.objects.filter(region=region, month__in=months).values("month", key=F("region_id"))
    else:
        rows = RegionMonthly.objects.filter(region=region, month__in=months).values("month", key=F(group_by))
    result: dict[dt.date, dict[object, Counts]] = {m: {} for m in months}
    for r in rows.annotate(**sums).order_by():
        result[r["month"]][r["key"]] = {f: r[f] for f in COUNT_FIELDS}
    return result


def _labels(group_by: str, keys) -> dict[object, tuple[str, str]]:
    """Key → (code, name) for the groups' rows."""
    keys = [k for k in keys if k is not None]
    if group_by == "channel":
        return {k: (k, str(Channel(k).label) if k in Channel.values else k) for k in keys}
    if group_by == "category":
        labels = {c.pk: (c.code, c.label) for c in Category.objects.filter(pk__in=keys)}
        return labels | {None: ("", str(_("未分类")))}
    if group_by == "region":
        return {r.pk: (r.code, r.name) for r in Region.objects.filter(pk__in=keys)}
    return {e.pk: (e.uscc, e.name) for e in Enterprise.objects.filter(pk__in=keys)}


def month_end(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def comparison_periods(month: dt.date, today: dt.date | None = None) -> tuple[dict[str, tuple], int | None]:
    """The month and its two bases (the previous month, the same month a year earlier) as
    ``(first, last)`` day ranges, and the day the comparison runs through (None for a whole
    month). A month in progress is compared day for day: its first N days (N = today's day)
    against the first N days of each base (all of a base that has fewer)."""
    today = today or timezone.localdate()
    bases = {"current": month, "previous": add_months(month, -1), "last_year": add_months(month, -12)}
    if month != month_start(today):
        return {key: (m, month_end(m)) for key, m in bases.items()}, None
    n = today.day
    return {key: (m, min(m + dt.timedelta(days=n - 1), month_end(m))) for key, m in bases.items()}, n


def _children_by_code(region: Region) -> dict[str, int]:
    return dict(Region.objects.filter(parent=region).values_list("code", "pk"))


def _grouped_days(region: Region, first: dt.date, last: dt.date, group_by: str | None) -> dict[object, Counts]:
    """Counts per group key for the days ``first``–``last`` (part of a month) from the daily table."""
    sums = {f: Sum(f) for f in COUNT_FIELDS}
    rows = ComplaintDaily.objects.filter(day__range=(first, last), region_path__startswith=region.path)
    if group_by is None:
        return {region.pk: _sums(rows)}
    result: dict[object, Counts] = {}
    if group_by == "region":
        children = _children_by_code(region)
        for r in rows.values("region_path").annotate(**sums).order_by():
            code = r["region_path"][len(region.path) :].split("/", 1)[0]
            counts = result.setdefault(children.get(code), zero())
            for f in COUNT_FIELDS:
                counts[f] += r[f]
        result.pop(None, None)
        return result
    if group_by == "enterprise":
        rows = rows.exclude(enterprise=None)
    for r in rows.values(key=F(group_by)).annotate(**sums).order_by():
        result[r["key"]] = {f: r[f] for f in COUNT_FIELDS}
    return result


def _period_groups(region: Region, periods: dict[str, tuple], group_by: str | None) -> dict[str, dict]:
    """Counts per group for each period: whole months from the monthly tables, parts of a month
    from the daily one."""
    whole = {key: first for key, (first, last) in periods.items() if first.day == 1 and last == month_end(first)}
    by_month = _grouped(region, list(whole.values()), group_by) if whole else {}
    return {
        key: by_month[whole[key]] if key in whole else _grouped_days(region, first, last, group_by)
        for key, (first, last) in periods.items()
    }


ROW_RATES = ("on_time_rate", "enterprise_on_time_rate", "accept_on_time_rate", "satisfaction_rate", "close_rate")


def compared_totals(region: Region, month: dt.date, today: dt.date | None = None) -> dict:
    """The region's counts for ``month`` and its two bases (day for day while it is in
    progress): ``{"current": …, "previous": …, "last_year": …, "through_day": N or None}``."""
    periods, through = comparison_periods(month, today)
    groups = _period_groups(region, periods, None)
    return {key: groups[key].get(region.pk, zero()) for key in periods} | {"through_day": through}


def complaint_rows(region: Region, month: dt.date, group_by: str | None = None, today: dt.date | None = None):
    """The statistics API's rows: per group (or one row for the region), the month's counts
    received and accepted with their previous month and the same month a year earlier (day for
    day while the month is in progress, see :func:`comparison_periods`), their changes, and the
    rates."""
    periods, through = comparison_periods(month, today)
    groups = _period_groups(region, periods, group_by)
    current, before, year_ago = groups["current"], groups["previous"], groups["last_year"]
    if group_by is None:
        current = {region.pk: current.get(region.pk, zero())}
        labels = {region.pk: (region.code, region.name)}
    else:
        labels = _labels(group_by, set(current) | set(before) | set(year_ago))
    rows = []
    for key in sorted(set(current) | set(before) | set(year_ago), key=lambda k: -current.get(k, zero())["received"]):
        counts, prev, ago = current.get(key, zero()), before.get(key, zero()), year_ago.get(key, zero())
        code, name = labels.get(key, ("", ""))
        figs = figures(counts)
        row = {"key": code, "name": name, "through_day": through}
        for measure, prefix in (("received", ""), ("accepted", "accepted_")):
            row |= {
                f"{prefix}count" if prefix else "count": counts[measure],
                f"{prefix}previous_month": prev[measure],
                f"{prefix}mom_change_pct": change_pct(counts[measure], prev[measure]),
                f"{prefix}same_month_last_year": ago[measure],
                f"{prefix}yoy_change_pct": change_pct(counts[measure], ago[measure]),
            }
        row["accepted"] = row.pop("accepted_count")
        for rate in ROW_RATES:
            row[rate] = figs[rate]
        row["figures"] = figs
        rows.append(row)
    return rows


def children(region: Region, first: dt.date, last: dt.date) -> list[dict]:
    """The region's child regions with their counts and figures for the period (drill-down table),
    most complaints first; children with none are listed too."""
    rows = (
        RegionMonthly.objects.filter(parent=region, month__range=(first, last))
        .values("region_id")
        .annotate(**{f: Sum(f) for f in COUNT_FIELDS})
    )
    by_region = {r["region_id"]: {f: r[f] for f in COUNT_FIELDS} for r in rows}
    result = []
    for child in Region.objects.filter(parent=region).only("pk", "code", "name", "level"):
        counts = by_region.get(child.pk, zero())
        result.append({"region": child, "counts": counts, "figures": figures(counts)})
    return sorted(result, key=lambda r: (-r["counts"]["received"], r["region"].code))


def backlog(region: Region) -> dict[str, int]:
    """Open, waiting and overdue complaints right now under ``region`` (as of the last roll-up)."""
    row = Backlog.objects.filter(region_path__startswith=region.path).aggregate(
        open=Sum("open"), waiting=Sum("waiting"), overdue=Sum("overdue")
    )
    return {k: v or 0 for k, v in row.items()}


# Per 100 households (削峰斩尾) --------------------------------------------------------------------


def worst_projects(region: Region, first: dt.date, last: dt.date, n: int = 10) -> list[dict]:
    """The ``n`` projects under ``region`` with the most complaints per 100 households."""
    rows = list(
        ProjectMonthly.objects.filter(month__range=(first, last), region_path__startswith=region.path)
        .values("project_id")
        .annotate(received=Sum("received"), substantiated=Sum("substantiated"))
    )
    households = dict(
        Project.objects.filter(pk__in=[r["project_id"] for r in rows], households__gt=0).values_list("pk", "households")
    )
    for r in rows:
        h = households.get(r["project_id"])
        r["per_100"] = (Decimal(r["received"]) * 100 / h).quantize(Decimal("0.01")) if h else None
        r["households"] = h
    ranked = sorted((r for r in rows if r["per_100"] is not None), key=lambda r: (-r["per_100"], r["project_id"]))[:n]
    projects = Project.objects.in_bulk([r["project_id"] for r in ranked])
    for r in ranked:
        r["project"] = projects[r["project_id"]]
    return ranked


def worst_enterprises(region: Region, first: dt.date, last: dt.date, n: int = 10) -> list[dict]:
    """The ``n`` enterprises with the most complaints per 100 households they manage under ``region``."""
    rows = list(
        ProjectMonthly.objects.filter(
            month__range=(first, last), region_path__startswith=region.path, enterprise__isnull=False
        )
        .values("enterprise_id")
        .annotate(received=Sum("received"))
    )
    households = dict(
        Project.objects.filter(
            enterprise_id__in=[r["enterprise_id"] for r in rows], region__path__startswith=region.path
        )
        .values("enterprise_id")
        .annotate(h=Sum("households"))
        .values_list("enterprise_id", "h")
    )
    for r in rows:
        h = households.get(r["enterprise_id"]) or 0
        r["households"] = h
        r["per_100"] = (Decimal(r["received"]) * 100 / h).quantize(Decimal("0.01")) if h else None
    ranked = sorted((r for r in rows if r["per_100"] is not None), key=lambda r: (-r["per_100"], r["enterprise_id"]))[
        :n
    ]
    enterprises = Enterprise.objects.in_bulk([r["enterprise_id"] for r in ranked])
    for r in ranked:
        r["enterprise"] = enterprises[r["enterprise_id"]]
    return ranked
