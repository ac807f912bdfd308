"""The officers' queue searched by a two-character term against an exact work-order-number
lookup, same data, same run.

Seeds the demo data at ``--scale`` in a throw-away database (or, with ``--existing``, reads the
development database as it is, e.g. after ``make seed-city``), then alternates, ``--samples``
times each: the queue's first page for a two-character term (``ComplaintFilterSet`` with
``q=电梯`` …, as an administrator (the widest scope): scoped, ordered newest first, 25 rows) and the same
page for one complaint named by its work-order number (the baseline: the primary-key lookup).
The terms rotate between common ones (电梯, 停车), rare ones and one found nowhere (漏水), the
hardest case for reading in date order. Prints the p50/p95 of each and the ratio of the p95s;
target ≤ 5. The page's row count (``共 N 条``) is timed apart, as the page counts: up to
10,000 matches (``CappedPaginator``), beyond which it shows 10000+.

    .venv/bin/python bench/search.py [--scale city] [--samples 200] [--existing] [--json]
"""

import argparse
import random
import statistics
import time
from types import SimpleNamespace

from _common import emit, seeded_database

TERMS = ["电梯", "漏水", "停车", "噪音", "绿化", "保洁", "消防", "物业", "公示", "渗水"]
PAGE = 25


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(samples: int) -> dict:
    from django.db import connection

    from accounts.choices import Role
    from accounts.models import User
    from complaints.filtersets import ComplaintFilterSet
    from complaints.models import Complaint
    from complaints.views import ComplaintListView

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE complaints_complaint")
    # The widest scope (the whole province), as the issue measured it.
    officer = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).first()
    request = SimpleNamespace(user=officer)
    base = ComplaintListView().base_queryset().visible_to(officer)  # the queue's own queryset
    ids = list(Complaint.objects.order_by("?").values_list("pk", flat=True)[:samples])
    numbers = [c.work_order_no for c in Complaint.objects.filter(pk__in=ids).only("pk", "created")]
    rng = random.Random(13)

    def search(term):
        return list(ComplaintFilterSet({"q": term}, queryset=base, request=request).qs[:PAGE])

    def lookup(number):
        from complaints.models import parse_work_order_no

        year, pk = parse_work_order_no(number)
        return list(base.filter(pk=pk, created__year=year)[:PAGE])

    def count(term):  # as the page counts (``共 N 条``, at most CappedPaginator.CAP)
        from core.views import CappedPaginator

        return CappedPaginator(ComplaintFilterSet({"q": term}, queryset=base, request=request).qs, PAGE).count

    def all_matches(term):
        return ComplaintFilterSet({"q": term}, queryset=base, request=request).qs.count()

    for term in TERMS:  # warm-up: connection, plan caches and PostgreSQL's buffers alike
        search(term)
    lookup(numbers[0])
    times = {"search": [], "lookup": [], "count": []}
    matches = {}
    for i in range(samples):
        term, number = TERMS[i % len(TERMS)], numbers[i % len(numbers)]
        for kind, run, arg in rng.sample([("search", search, term), ("lookup", lookup, number)], 2):
            start = time.perf_counter()
            found = run(arg)
            times[kind].append(time.perf_counter() - start)
            if kind == "lookup":
                assert len(found) == 1, number
    for term in TERMS:
        start = time.perf_counter()
        count(term)
        times["count"].append(time.perf_counter() - start)
        matches[term] = all_matches(term)
    return {"times": times, "matches": matches, "complaints": Complaint.objects.count(), "officer": officer.username}


def report(label: str, r: dict, as_json: bool) -> None:
    t = r["times"]
    p95 = {k: percentile(v, 95) * 1000 for k, v in t.items()}
    p50 = {k: statistics.median(v) * 1000 for k, v in t.items()}
    ratio = p95["search"] / p95["lookup"]
    met = ratio <= 5
    print(f"queue search, {label}: {r['complaints']} complaints, as {r['officer']}, {len(t['search'])} samples each")
    print("  matches: " + ", ".join(f"{term} {n}" for term, n in r["matches"].items()))
    print(f"  two-character search, first page:  p50 {p50['search']:7.2f} ms   p95 {p95['search']:7.2f} ms")
    print(f"  work-order number lookup (baseline): p50 {p50['lookup']:7.2f} ms   p95 {p95['lookup']:7.2f} ms")
    print(f"  ratio of the p95s:                   {ratio:7.2f}   (target ≤ 5)")
    print(f"  row count of a search (共 N 条):     p50 {p50['count']:7.2f} ms   max {max(t['count']) * 1000:7.2f} ms")
    print(f"  targets: {'met' if met else 'MISSED'}")
    if as_json:
        emit(
            f"search ({label})",
            f"p95 {p95['search']:.2f} ms",
            f"p95 {p95['lookup']:.2f} ms",
            ratio,
            "ratio ≤ 5",
            met,
            count_p50_ms=round(p50["count"], 2),
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="province")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--existing", action="store_true", help="measure the development database as it is")
    parser.add_argument("--json", action="store_true", help="also print one line: JSON {…}")
    args = parser.parse_args()
    if args.existing:
        import django

        django.setup()
        report("existing data", measure(args.samples), args.json)
        return
    with seeded_database(args.scale):
        results = measure(args.samples)
    report(args.scale, results, args.json)


if __name__ == "__main__":
    main()
