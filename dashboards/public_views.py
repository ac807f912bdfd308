"""Public statistics and open data: no login, no personal data, pre-aggregated tables only."""

from __future__ import annotations

from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import http_date

from core.cache_headers import public_cache
from core.replica import using_replica
from enterprises.models import Enterprise
from regions.models import Region

from . import opendata
from . import statistics as stats
from .models import OpenDataset, ProjectMonthly

SLOWEST_MIN_TIMED = 5  # an enterprise is ranked once this many of its complaints were judged on time


def slowest_enterprises(region: Region, first, last, n: int = 10) -> list[dict]:
    """Enterprises with the lowest on-time rate on their own stages (sign, answer) in the period,
    among those with at least ``SLOWEST_MIN_TIMED`` complaints judged (the figure
    ``enterprise_on_time_rate``)."""
    rows = (
        ProjectMonthly.objects.filter(month__range=(first, last), region_path__startswith=region.path)
        .exclude(enterprise=None)
        .values("enterprise_id")
        .annotate(
            enterprise_timed=Sum("enterprise_timed"),
            enterprise_on_time=Sum("enterprise_on_time"),
            received=Sum("received"),
        )
        .filter(enterprise_timed__gte=SLOWEST_MIN_TIMED)
    )
    ranked = []
    for r in rows:
        r["on_time_rate"] = stats.FIGURES["enterprise_on_time_rate"].compute(r)
        ranked.append(r)
    ranked.sort(key=lambda r: (r["on_time_rate"], -r["enterprise_timed"], r["enterprise_id"]))
    ranked = ranked[:n]
    names = Enterprise.objects.in_bulk([r["enterprise_id"] for r in ranked])
    for r in ranked:
        r["enterprise"] = names[r["enterprise_id"]]
    return ranked


@public_cache(300)
def statistics_page(request):
    city = Region.objects.filter(parent__isnull=True).order_by("code").first()
    if city is None:
        raise Http404
    month = stats.month_start(timezone.localdate())
    first = stats.add_months(month, -11)
    with using_replica():
        trend = stats.trend(city, month, 12)
        districts = stats.children(city, first, month)
        slowest = slowest_enterprises(city, stats.add_months(month, -2), month)
    chart = {
        "trend": {
            "months": [f"{r['month']:%Y-%m}" for r in trend],
            "received": [r["counts"]["received"] for r in trend],
            "on_time_rate": [float(v) if (v := r["figures"]["on_time_rate"]) is not None else None for r in trend],
            "satisfaction_rate": [
                float(v) if (v := r["figures"]["satisfaction_rate"]) is not None else None for r in trend
            ],
        }
    }
    context = {
        "city": city,
        "trend": trend,
        "districts": districts,
        "slowest": slowest,
        "chart": chart,
        "first": first,
        "month": month,
        "definitions": {k: f.definition for k, f in stats.FIGURES.items()},
        "min_timed": SLOWEST_MIN_TIMED,
    }
    return render(request, "public/statistics.html", context)


def open_data(request):
    return render(request, "public/open_data.html", {"datasets": opendata.catalogue(), "licence": opendata.LICENCE})


def open_data_file(request, key):
    if key not in opendata.DATASETS:
        raise Http404
    row = OpenDataset.objects.filter(key=key).first()
    if row is None:
        raise Http404
    response = HttpResponse(bytes(row.content), content_type="text/csv; charset=utf-8")
    # Named by the local day the page shows (generated just after midnight is still UTC's yesterday).
    response["Content-Disposition"] = f'attachment; filename="{key}-{timezone.localdate(row.generated_at):%Y%m%d}.csv"'
    response["Last-Modified"] = http_date(row.generated_at.timestamp())
    return response
