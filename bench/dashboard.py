"""Dashboards and the statistics roll-up, each against a baseline measured in the same run (issue 12).

Pages: the city dashboard (the city officer's top region) and a district drill-down
(``/dashboards/?region=<district>``) served by gunicorn with a signed-in session cookie, against
``bench/constant/`` (bench/_urls.py: constant JSON, same server, same cookie). The three kinds
are requested in turn, one request at a time, so a noisy neighbour slows all alike; the p95
latency of each is compared. Target: ratio ≤ 2 and under 50 ms.

Roll-up: ``--history`` complaints with their events are generated inside PostgreSQL (``INSERT …
SELECT generate_series``) up to yesterday (``--history-model``, see RATE_PER_DAY), rolled up
with ``rollup.rebuild()``;
then 1,000 new complaints (each with its event) arrive today and ``rollup.run()`` is timed, the
median of ``--repeats`` runs (the new complaints are removed and the tables restored between
runs). The same with a tenth of the history is the baseline: the run's cost should follow the
new work, not the history. Target: ratio ≤ 1.2.

    .venv/bin/python bench/dashboard.py [--scale province] [--requests 200] [--history 2000000] [--json]
    .venv/bin/python bench/dashboard.py --existing --part pages   # on the development data (make seed-city)
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

from _common import emit, seeded_database
from _history import NEW, add_history, add_new, execute, scalar

ROOT = Path(__file__).resolve().parent.parent
PAGE_MS = 50
PAGE_RATIO = 2
ROLLUP_RATIO = 1.2
# --history-model rate: the history at a province's volume, 1,000,000 complaints a year, ending
# yesterday (200,000 complaints: 73 days; 2,000,000: two years), so that the baseline and the
# measured run see the same daily work and open backlog and differ only in how much lies behind.
# --history-model span: both spread over the same two years (the larger ten times as dense: a
# busier province, whose open backlog — refreshed whole each run — is ten times as large).
RATE_PER_DAY = 1_000_000 / 365


# Pages ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(db_name: str | None, workers: int):
    """The project under gunicorn (bench settings: the project's URLs plus the baseline view)."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench._settings", "PYTHONPATH": str(ROOT)}
    if db_name:
        env["EMBEDDED_DB_NAME"] = db_name
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def get(port: int, path: str, cookie: str) -> tuple[float, int, bytes]:
    """One GET on a new connection (gunicorn's sync workers close it): seconds, status, body."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "zh-hans"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return time.perf_counter() - started, response.status, body


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def page_targets():
    """The city officer's session cookie, the top region and its district with most complaints."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Sum
    from django.test import Client

    from dashboards.models import RegionMonthly
    from dashboards.views import home_region

    user = get_user_model().objects.get(username="city")
    client = Client()
    client.force_login(user)
    city = home_region(user)
    district = (
        RegionMonthly.objects.filter(parent=city).values("region__code").annotate(n=Sum("received")).order_by("-n")
    ).first()
    district_code = district["region__code"] if district else city.children.order_by("code").first().code
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}", city, district_code


def measure_pages(db_name: str | None, requests: int, workers: int) -> dict:
    cookie, city, district = page_targets()
    kinds = {"baseline": "/bench/constant/", "city": "/dashboards/", "district": f"/dashboards/?region={district}"}
    times: dict[str, list[float]] = {k: [] for k in kinds}
    with gunicorn(db_name, workers) as port:
        for kind, path in kinds.items():  # warm up every worker, and check each answers
            for _ in range(5 * workers):
                _, status, body = get(port, path, cookie)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
            if kind == "city" and city.name.encode() not in body:
                raise RuntimeError(f"{path} does not show {city.name}")
        for _ in range(requests):
            for kind, path in kinds.items():
                seconds, status, _ = get(port, path, cookie)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
                times[kind].append(seconds)
    result = {k: {"p50": statistics.median(v) * 1000, "p95": p95(v) * 1000} for k, v in times.items()}
    result["city_name"], result["district_code"], result["requests"] = city.name, district, requests
    return result


def report_pages(r: dict, as_json: bool) -> None:
    base = r["baseline"]["p95"]
    print(f"dashboard pages: gunicorn, {r['requests']} requests per kind, one at a time, interleaved")
    for kind, label in (
        ("baseline", "baseline constant JSON"),
        ("city", f"city {r['city_name']}"),
        ("district", f"district {r['district_code']}"),
    ):
        print(f"  {label:28s} p50 {r[kind]['p50']:7.1f} ms   p95 {r[kind]['p95']:7.1f} ms")
    for kind in ("city", "district"):
        p = r[kind]["p95"]
        ratio = p / base if base else 0
        met = ratio <= PAGE_RATIO and p < PAGE_MS
        print(
            f"  {kind} p95 / baseline p95: {ratio:6.2f}   (target ≤ {PAGE_RATIO}, < {PAGE_MS} ms): "
            f"{'met' if met else 'MISSED'}"
        )
        if as_json:
            emit(
                f"dashboard {kind} page p95",
                f"{p:.1f} ms",
                f"{base:.1f} ms",
                ratio,
                f"ratio ≤ {PAGE_RATIO}, < {PAGE_MS} ms",
                met,
            )


# Roll-up --------------------------------------------------------------------------------------


def time_rollup(history: int, repeats: int, verbose: bool = False) -> list[float]:
    """Seconds of ``rollup.run()`` after ``NEW`` new complaints, ``repeats`` times, each from the same
    state: the new complaints are removed and the tables restored between runs."""
    from django.db import connection, transaction
    from django.utils import timezone

    from dashboards import rollup
    from dashboards.models import RollupState

    last = scalar("SELECT coalesce(max(id), 0) FROM complaints_complaint")
    state = RollupState.objects.get(pk=1)
    mark = (state.last_event_id, state.last_complaint_id)
    seconds, statements = [], []
    for n in range(repeats):
        add_new(n)
        with connection.execute_wrapper(_StatementTimes(statements) if n == repeats - 1 else _untimed):
            seconds.append(rollup.run().seconds)
        execute("DELETE FROM complaints_complaintevent WHERE complaint_id > %s", [last])
        execute("DELETE FROM complaints_stagerecord WHERE complaint_id > %s", [last])
        execute("DELETE FROM complaints_complaint WHERE id > %s", [last])
        RollupState.objects.filter(pk=1).update(last_event_id=mark[0], last_complaint_id=mark[1])
        with transaction.atomic():  # today back to the history alone
            rollup.recompute_days([timezone.localdate()])
            rollup.refresh_backlog()
    print(f"  history {history:>9,}: run() after {NEW:,} new: " + ", ".join(f"{s * 1000:.0f}" for s in seconds) + " ms")
    if verbose:
        print("    slowest statements of the last run:")
        for ms, sql in sorted(statements, reverse=True)[:8]:
            print(f"    {ms:8.1f} ms  {' '.join(sql.split())[:150]}")
    return seconds


def _untimed(execute, sql, params, many, context):
    return execute(sql, params, many, context)


class _StatementTimes:
    """``connection.execute_wrapper``: each statement's milliseconds (``--verbose``)."""

    def __init__(self, into: list):
        self.into = into

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.into.append(((time.perf_counter() - started) * 1000, sql))


def measure_rollup(history: int, repeats: int, verbose: bool = False, model: str = "rate") -> dict:
    """The roll-up with a tenth of ``history`` (the baseline), then with all of it."""
    from django.db import connection

    from dashboards import rollup

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE complaints_complaint CASCADE")
        cursor.execute(
            "CREATE TEMP TABLE bench_projects AS SELECT row_number() OVER (ORDER BY p.id) AS n, p.id, p.enterprise_id, "
            "p.region_id, r.path AS region_path FROM projects_project p JOIN regions_region r ON r.id = p.region_id"
        )
    result, made, reach = {}, 0, 0.0
    for key, size in (("small", history // 10), ("large", history)):
        started = time.perf_counter()
        if model == "rate":  # the same daily volume, a longer past: the older part goes further back
            days = size / RATE_PER_DAY
            add_history(made + 1, size - made, (days, reach))
            reach = days
        else:  # the same two years, ten times as dense
            add_history(made + 1, size - made)
        made = size
        execute("VACUUM ANALYZE complaints_complaint")
        execute("VACUUM ANALYZE complaints_complaintevent")
        generated = time.perf_counter() - started
        rebuilt = rollup.rebuild().seconds
        execute("VACUUM ANALYZE")
        print(f"  history {size:>9,}: generated in {generated:.1f} s, rebuild() {rebuilt:.1f} s")
        result[key] = {"history": size, "runs": time_rollup(size, repeats, verbose), "rebuild": rebuilt}
    return result


def report_rollup(r: dict, as_json: bool) -> None:
    small, large = (statistics.median(r[k]["runs"]) for k in ("small", "large"))
    ratio = large / small if small else 0
    met = ratio <= ROLLUP_RATIO
    model = r.get("model", "rate")
    print(
        f"statistics roll-up after {NEW:,} new complaints (median of {len(r['large']['runs'])} runs; "
        f"history model {model})"
    )
    print(f"  with {r['small']['history']:>9,} complaints of history: {small * 1000:8.1f} ms  (baseline)")
    print(f"  with {r['large']['history']:>9,} complaints of history: {large * 1000:8.1f} ms")
    print(f"  ratio: {ratio:.2f}   (target ≤ {ROLLUP_RATIO}): {'met' if met else 'MISSED'}")
    if as_json:
        emit(
            f"roll-up, {NEW:,} new ({r['large']['history']:,} vs {r['small']['history']:,}, {model})",
            f"{large * 1000:.0f} ms",
            f"{small * 1000:.0f} ms",
            ratio,
            f"ratio ≤ {ROLLUP_RATIO}",
            met,
        )


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="province", help="demo seed for the pages")
    parser.add_argument("--requests", type=int, default=200, help="requests per kind of page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--history", type=int, default=2_000_000, help="complaints of history (baseline: a tenth)")
    parser.add_argument(
        "--history-model",
        choices=("rate", "span"),
        default="rate",
        help="rate: a province's daily volume, longer past; span: same two years, denser",
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--part", choices=("pages", "rollup", "both"), default="both")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="pages only, on the development database as it is (after make seed-city)",
    )
    parser.add_argument("--verbose", action="store_true", help="the roll-up's slowest statements")
    parser.add_argument("--json", action="store_true", help="also print one line: JSON {…} per figure")
    args = parser.parse_args()
    if args.existing:
        args.part = "pages"
        import django

        django.setup()
    pages = rollups = None
    # The regions, projects and users (cached per schema); the roll-up part replaces the complaints.
    with nullcontext(None) if args.existing else seeded_database(args.scale) as db_name:
        if not args.existing:
            execute("VACUUM ANALYZE")
        if args.part in ("pages", "both"):
            from django.core.management import call_command

            call_command("collectstatic", "--noinput", verbosity=0)  # the pages' manifest, as `make run`
            pages = measure_pages(db_name, args.requests, args.workers)
        if args.part in ("rollup", "both"):
            rollups = measure_rollup(args.history, args.repeats, args.verbose, args.history_model)
            rollups["model"] = args.history_model
    if pages:
        report_pages(pages, args.json)
    if rollups:
        report_rollup(rollups, args.json)


if __name__ == "__main__":
    main()
