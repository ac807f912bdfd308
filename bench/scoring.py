"""The quarterly scoring job against one hand-written SQL query, in the same run.

Seeds the demo data at ``--scale`` in a throw-away database, then re-opens the last closed
quarter (the seed publishes it) and times, in a fresh process so that its peak RSS is the job's:
``jobs.run_all`` as ``compute_scores --here`` runs it (every partition in process, a database
connection per core: the baseline's plan also runs on every core, as parallel workers), the
same one partition at a time, then ONE query computing the same per-project sums with grouped
subqueries (the baseline: the floor of reading the quarter's facts), then the job's statements
without their INSERT (reading and computing alone), each ``--repeats`` times (medians), then the
same job on one real Celery worker process and on ``--workers`` of them (with the deployment's
persistent connections, ``CONN_MAX_AGE`` left at its default).
Targets: under 60 s on 2 cores, peak RSS ≤ 1 GB; the ratio to the baseline is reported (its
former ≤ 1.5 target is retired: the scores' typed lines and foreign keys come first).

    .venv/bin/python bench/scoring.py [--scale province] [--workers 2] [--repeats 5] [--json]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from _common import emit, seeded_database, timed, vacuum

ROOT = Path(__file__).resolve().parent.parent
BROKER_DB = 12  # the tests use 13 and 14, a developer's worker 0


# Every input the job's components read, per project (its explanation's counted ids included):
# substantiated complaints received in the quarter, the enterprise's timed and on-time complaints
# (its own stages against their recorded deadlines), ratings (rated, satisfied, basically
# satisfied), countersigned inspections, the self-report (its outcome, and its self-assessed
# score with the applicable total for a project without an inspection), orders due and closed on
# time, the street evaluation. The complaint measures are complaints.measures', as the job's.
def baseline_sql() -> str:
    from complaints.measures import MEASURES, stages_join

    m = MEASURES
    received = "c.created >= %(start)s AND c.created < %(end)s"
    rated = "c.feedback_at >= %(start)s AND c.feedback_at < %(end)s"
    return f"""
WITH c AS (
    SELECT c.project_id,
           {m["substantiated"].count_sql(received)} AS substantiated,
           array_agg(c.id ORDER BY c.id) FILTER (WHERE {received} AND {m["substantiated"].condition}) AS ids,
           {m["enterprise_timed"].count_sql(received)} AS timed,
           {m["enterprise_on_time"].count_sql(received)} AS on_time,
           {m["rated"].count_sql(rated)} AS rated, {m["satisfied"].count_sql(rated)} AS satisfied,
           {m["basically_satisfied"].count_sql(rated)} AS basic
    FROM complaints_complaint c {stages_join("%(as_of)s::timestamptz")}
    WHERE ({received}) OR ({rated})
    GROUP BY c.project_id),
i AS (SELECT project_id, sum(score) AS score, sum(total_points) AS total, array_agg(id ORDER BY id) AS ids
      FROM inspections_inspection
      WHERE status = %(countersigned)s AND countersigned_at >= %(start)s AND countersigned_at < %(end)s
            AND total_points > 0 GROUP BY project_id),
o AS (SELECT project_id, count(*) AS due, count(*) FILTER (WHERE status = %(closed)s AND closed_at <= due_at) AS ok,
             array_agg(id ORDER BY id) AS ids
      FROM inspections_rectificationorder WHERE due_at >= %(start)s AND due_at < %(end)s GROUP BY project_id),
s AS (SELECT project_id, id, score FROM ratings_streetevaluation WHERE year = %(year)s AND quarter = %(quarter)s),
r AS (SELECT project_id, id, status, late, self_score, standard_id FROM inspections_selfreport
      WHERE year = %(year)s AND quarter = %(quarter)s)
SELECT p.id, p.households, c.substantiated, c.ids, c.timed, c.on_time, c.rated, c.satisfied, c.basic,
       i.score, i.total, i.ids, o.due, o.ok, o.ids, s.id, s.score, r.id, r.status, r.late, r.self_score, t.points
FROM projects_project p
LEFT JOIN c ON c.project_id = p.id LEFT JOIN i ON i.project_id = p.id LEFT JOIN o ON o.project_id = p.id
LEFT JOIN s ON s.project_id = p.id LEFT JOIN r ON r.project_id = p.id
LEFT JOIN inspections_standardtotal t ON t.standard_id = r.standard_id AND t.project_type = p.project_type
WHERE p.enterprise_id IS NOT NULL
"""


def reopen_last_quarter():
    """The last closed quarter, to be rescored: the seed leaves it a draft (a computing or failed
    run becomes one). A published quarter is final (core.final): rescoring it is refused."""
    from core.quarters import Quarter
    from ratings.choices import RunStatus
    from ratings.models import ScoringRun

    quarter = Quarter.last_closed()
    runs = ScoringRun.objects.filter(year=quarter.year, quarter=quarter.number)
    runs.exclude(status=RunStatus.PUBLISHED).update(status=RunStatus.DRAFT)
    return quarter


def baseline(quarter) -> int:
    from django.db import connection
    from django.utils import timezone

    from inspections.choices import InspectionStatus, OrderStatus

    start, end = quarter.bounds()
    params = {
        "start": start,
        "end": end,
        "year": quarter.year,
        "quarter": quarter.number,
        "as_of": timezone.now(),
        "countersigned": InspectionStatus.COUNTERSIGNED,
        "closed": OrderStatus.CLOSED,
    }
    with connection.cursor() as cursor:
        cursor.execute(baseline_sql(), params)
        return len(cursor.fetchall())


def reads_only(quarter) -> None:
    """Every partition's components, weights and totals without the INSERTs (``SELECT count(*)
    FROM lines``): the job's reading and computing alone, to tell them from its writing (rows,
    indexes, foreign keys)."""
    from django.db import connection
    from django.utils import timezone

    from ratings import jobs, scoring
    from ratings.models import Scheme
    from regions.models import Region

    scheme, now = Scheme.objects.in_force(quarter), timezone.now()
    for path in Region.objects.filter(code__in=jobs.partition_codes()).values_list("path", flat=True):
        sql, params = scoring._statement(scheme, quarter, path, now)
        with connection.cursor() as cursor:
            cursor.execute(sql + " SELECT (SELECT count(*) FROM lines), (SELECT count(*) FROM totals)", params)


def measure(results: dict, repeats: int) -> None:
    """In this (fresh) process: the job in process, then the baseline, ``repeats`` times (the
    medians are reported); peak RSS of the job."""
    import django

    django.setup()
    from ratings import jobs
    from ratings.models import ProjectScore, ProjectScoreComponent

    quarter = reopen_last_quarter()
    baseline(quarter)  # warm-up: the connection and PostgreSQL's buffers, for both alike
    runs = {"job": [], "job_serial": [], "baseline": [], "reads": []}
    cores = results["cores"] = jobs.usable_cores()
    for _ in range(repeats):
        reopen_last_quarter()
        settle()
        with timed(results, "job"):  # as `compute_scores --here` runs it: a connection per core
            run = jobs.run_all(jobs.start(quarter, enqueue=False), parallel=cores)
        reopen_last_quarter()
        settle()
        with timed(results, "job_serial"):
            jobs.run_all(jobs.start(quarter, enqueue=False), parallel=1)
        with timed(results, "baseline"):
            results["baseline_rows"] = baseline(quarter)
        with timed(results, "reads"):
            reads_only(quarter)
        for key in runs:
            runs[key].append(results[key])
    results["rss_mb"] = peak_rss_mb()
    results["scores"] = ProjectScore.objects.filter(run=run).count()
    results["lines"] = ProjectScoreComponent.objects.filter(score__run=run).count()
    results.update({key: statistics.median(times) for key, times in runs.items()}, repeats=repeats)


def settle() -> None:
    """Vacuum the score tables before a timed run, as autovacuum would have between two
    computations of a quarter: each repeat re-scores the quarter (deleting the last repeat's rows),
    and without this it would also time autovacuum catching up with the repeat before."""
    vacuum("ratings_projectscore", "ratings_enterprisescore")


def peak_rss_mb() -> float:
    """This process's peak RSS. Linux keeps ``ru_maxrss`` across exec, so in the measuring
    child it would be the seeding parent's peak: read the memory's high-water mark instead."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    if s["HOST"].startswith("/"):  # a socket folder: django-environ reads it from the path
        return f"postgres://{quote(s['USER'])}@:{s['PORT']}/{s['HOST']}/{s['NAME']}"
    return f"postgres://{quote(s['USER'])}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def with_workers(n: int, env: dict) -> float:
    """Seconds from queueing the run to DRAFT on ``n`` real worker processes."""
    from config.celery import app
    from config.settings import redis_db_url
    from ratings import jobs
    from ratings.choices import RunStatus
    from ratings.models import ScoringRun

    broker = redis_db_url(BROKER_DB, broker=True)
    app.conf.broker_url, app._pool, app.amqp._producer_pool = broker, None, None
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "-b",
        broker,
        "worker",
        "--concurrency",
        "1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "WARNING",
    ]
    workers = [
        subprocess.Popen(
            [*command, "--hostname", f"bench{i}-{os.getpid()}@%h"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
        for i in range(n)
    ]
    try:
        quarter = reopen_last_quarter()
        settle()
        time.sleep(8)  # let them start: the clock measures the job, not Django's start-up
        started = time.perf_counter()
        run = jobs.start(quarter)
        while ScoringRun.objects.get(pk=run.pk).status == RunStatus.COMPUTING:
            if time.perf_counter() - started > 600:
                raise RuntimeError("the workers did not finish within 600 s")
            time.sleep(0.1)
        return time.perf_counter() - started
    finally:
        for w in workers:
            os.killpg(w.pid, 15)
        for w in workers:
            w.wait(timeout=20)


def report(scale: str, r: dict, as_json: bool) -> None:
    ratio = r["job"] / r["baseline"]
    met = r["job"] < 60 and r["rss_mb"] <= 1024
    lines = f", {r['lines']} lines" if "lines" in r else ""
    head = f"quarterly scoring --scale {scale}: {r['scores']} project scores{lines}"
    print(f"{head} ({r['baseline_rows']} baseline rows)")
    print(f"  baseline (one SQL query, grouped subqueries): {r['baseline']:8.3f} s   (median of {r['repeats']})")
    label = f"jobs.run_all in process, {r['cores']} connections:"
    print(f"  {label:45s} {r['job']:8.3f} s   peak RSS {r['rss_mb']:.0f} MB")
    if "job_serial" in r:
        print(
            f"    one partition at a time:                    {r['job_serial']:8.3f} s   "
            f"({r['job_serial'] / r['baseline']:.2f} × baseline)"
        )
    if "reads" in r:
        share = r["reads"] / r["baseline"]
        print(f"    its statements without the INSERT:          {r['reads']:8.3f} s   ({share:.2f} × baseline)")
    for n, seconds in sorted(r.get("on_workers", {}).items(), key=lambda item: int(item[0])):
        label = f"on {n} worker process{'es' if int(n) > 1 else ''}:"
        print(f"  {label:45s} {seconds:8.3f} s")
    print(f"  ratio job / baseline:                         {ratio:8.2f}   (reported; targets < 60 s, ≤ 1 GB)")
    print(f"  targets: {'met' if met else 'MISSED'}")
    if as_json:
        target = "< 60 s, RSS ≤ 1 GB (ratio reported)"
        extra = {
            "rss_mb": round(r["rss_mb"]),
            "on_workers": r.get("on_workers"),
            "reads_s": r.get("reads"),
            "serial_s": r.get("job_serial"),
            "connections": r.get("cores"),
        }
        emit(f"scoring ({scale})", f"{r['job']:.3f} s", f"{r['baseline']:.3f} s", ratio, target, met, **extra)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="province")
    parser.add_argument("--workers", type=int, default=2, help="0: skip the run on worker processes")
    parser.add_argument("--repeats", type=int, default=5, help="job and baseline runs in process (medians)")
    parser.add_argument("--json", action="store_true", help="also print one line: JSON {…}")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        results = {}
        measure(results, args.repeats)
        print(json.dumps(results))
        return
    with seeded_database(args.scale):
        env = {**os.environ, "DATABASE_URL": database_url(), "CONN_MAX_AGE": "0"}
        command = [sys.executable, __file__, "--measure", "--repeats", str(args.repeats)]
        out = subprocess.run(command, env=env, check=True, capture_output=True)
        results = json.loads(out.stdout.decode().strip().splitlines()[-1])
        if args.workers:
            workers_env = {k: v for k, v in env.items() if k != "CONN_MAX_AGE"}  # as deployed
            results["on_workers"] = {n: with_workers(n, workers_env) for n in sorted({1, args.workers})}
    report(args.scale, results, args.json)


if __name__ == "__main__":
    main()
