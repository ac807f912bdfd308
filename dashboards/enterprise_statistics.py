"""An enterprise's own figures (its dashboard): its complaints month by month and its projects,
from the pre-aggregated project table; the figures are those of :mod:`dashboards.statistics`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from projects.models import Project

from .models import COUNT_FIELDS, ProjectMonthly
from .statistics import add_months, figures, zero


def enterprise_months(enterprise_id: int, first: dt.date, last: dt.date) -> list[dict]:
    """An enterprise's complaints month by month (its dashboard)."""
    rows = (
        ProjectMonthly.objects.filter(enterprise_id=enterprise_id, month__range=(first, last))
        .values("month")
        .annotate(**{f: Sum(f) for f in COUNT_FIELDS})
    )
    by_month = {r["month"]: {f: r[f] for f in COUNT_FIELDS} for r in rows}
    series, month = [], first
    while month <= last:
        counts = by_month.get(month, zero())
        series.append({"month": month, "counts": counts, "figures": figures(counts)})
        month = add_months(month, 1)
    return series


def enterprise_projects(enterprise_id: int, first: dt.date, last: dt.date) -> list[dict]:
    """An enterprise's 50 projects with the most complaints in the period, with their figures."""
    rows = (
        ProjectMonthly.objects.filter(enterprise_id=enterprise_id, month__range=(first, last))
        .values("project_id")
        .annotate(**{f: Sum(f) for f in COUNT_FIELDS})
        .order_by("-received")
    )
    rows = list(rows[:50])
    projects = Project.objects.in_bulk([r["project_id"] for r in rows])
    result = []
    for r in rows:
        counts = {f: r[f] for f in COUNT_FIELDS}
        project = projects.get(r["project_id"])
        per_100 = (
            (Decimal(counts["received"]) * 100 / project.households).quantize(Decimal("0.01"))
            if project and project.households
            else None
        )
        result.append({"project": project, "counts": counts, "figures": figures(counts), "per_100": per_100})
    return result
