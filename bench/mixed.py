"""Complaint intake under a mixed load (issue 23): the 12345 push idle, the same push while the
dashboards are browsed, the statistics roll-up runs and a quarterly scoring run computes, and a
bare push writing the same rows — all in one run, against one gunicorn server.

On a copy of ``seed_demo --scale <scale>`` (cached, bench/_common.py), gunicorn (``--workers``
sync workers, as deployed) serves the project and the bench-only views (bench/_urls.py).
``--clients`` threads push new tickets, each sending the next when the last is answered, and
time every push. Each of ``--rounds`` rounds has three phases of ``--seconds``:

- *bare*: ``bench/bare-push/`` (bench/_bare.py) writes the rows a push writes — the complaint
  with its generated bigram search vector, its first event, its acceptance stage record, its SMS
  outbox row — in one hand-written, prepared statement: the limit for intake's own work;
- *idle*: the 12345 push (``/api/channel/tickets/``), nothing else running;
- *loaded*: the 12345 push while a helper process has ``--browsers`` clients browse the city
  officer's dashboards (the city's page and each district's drill-down in turn, ``--think``
  seconds between pages) and another runs the statistics roll-up every ``--rollup-every``
  seconds (every minute in production: more often here, so that it counts in a short phase;
  each run makes the pages' cached sections stale, so their next views render them again)
  beside a quarterly scoring run (``jobs.run_all`` on ``--scoring-parallel`` connections, as
  ``compute_scores --here``; started again when it ends, so that one computes throughout).

Bare and idle swap places every round (whichever follows the loaded phase meets its aftermath).
``--breakdown`` adds phases with each part of the load alone, and browsing with the roll-up.
Targets: p95 loaded ≤ 2 × p95 idle and ≥ 150 pushes/s loaded; real / bare pushes per second
(idle) ≥ 0.7. After the run the rows are checked: every answered push stored one complaint with
its search vector, one event, one stage record and one SMS, bare and real alike.

    .venv/bin/python bench/mixed.py [--scale province] [--rounds 4] [--seconds 8] [--json]
    .venv/bin/python bench/mixed.py --quick [--breakdown]   # small scale, two rounds of 2 s
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
from pathlib import Path

from _background import serve
from _common import emit, seeded_database
from _load import closed_loop, collect_static, gunicorn, helpers, percentile, server_env

HERE = Path(__file__).resolve()
REAL, BARE = "/api/channel/tickets/", "/bench/bare-push/"
PREFIX = {"real": "M", "bare": "X"}  # ticket numbers: which rows each kind wrote
P95_RATIO, MIN_RATE, BARE_RATIO = 2, 150, 0.7
ROLES = {"browse": {"browse"}, "jobs": {"rollup", "scoring"}}  # the helper processes and what each does
BREAKDOWN = {
    "browsing alone": {"browse"},
    "roll-up alone": {"rollup"},
    "scoring alone": {"scoring"},
    "browsing + roll-up": {"browse", "rollup"},
}
QUICK = {"scale": "small", "rounds": 2, "seconds": 2, "rollup_every": 2}


def pusher(codes: list[str], kind: str):
    """A body maker: a new ticket on every call (``itertools.count`` is safe across threads)."""
    numbers = itertools.count()

    def body() -> bytes:
        i = next(numbers)
        ticket = {
            "ticket_no": f"{PREFIX[kind]}{i:09d}",
            "project_code": codes[i % len(codes)],
            "category": "cleaning",
            "content": "楼道垃圾长期无人清运，气味很大，请尽快处理",
            "caller_phone": f"139{i % 100_000_000:08d}",
        }
        return json.dumps(ticket, ensure_ascii=False).encode()

    return body


def prepare() -> dict:
    """The 12345 client's key and the projects pushed to (closes the connection)."""
    from django.db import connection

    from complaints.choices import Channel
    from complaints.models import ApiClient
    from projects.models import Project

    collect_static()
    _client, key = ApiClient.issue("bench 12345", Channel.HOTLINE_12345)
    codes = list(Project.objects.filter(enterprise__isnull=False).order_by("pk").values_list("code", flat=True)[:500])
    connection.close()
    return {"key": key, "codes": codes}


def loads(args) -> dict[str, set[str]]:
    """The phases with a background load, and the parts of it each runs."""
    amounts = {"browse": args.browsers, "rollup": args.rollup_every, "scoring": args.scoring_parallel}
    enabled = {part for part, amount in amounts.items() if amount > 0}
    phases = {"loaded": enabled}
    if args.breakdown:
        phases |= {name: parts for name, parts in BREAKDOWN.items() if parts <= enabled and parts != enabled}
    return phases


def measure(args, db_name: str) -> dict:
    setup = prepare()
    headers = {"Content-Type": "application/json", "Authorization": f"ApiKey {setup['key']}"}
    bodies = {kind: pusher(setup["codes"], kind) for kind in PREFIX}
    loaded = loads(args)
    phases, background = {p: [] for p in ("bare", "idle", *loaded)}, {p: [] for p in loaded}
    with gunicorn(db_name, args.workers) as port:
        own = ["--port", str(port), "--browsers", str(args.browsers), "--think", str(args.think)]
        own += ["--rollup-every", str(args.rollup_every), "--scoring-parallel", str(args.scoring_parallel)]
        roles = {role: ["--role", role, *own] for role, parts in ROLES.items() if parts & loaded["loaded"]}
        with helpers(HERE, roles, server_env(db_name)) as running:
            for kind, path in (("bare", BARE), ("real", REAL)):  # warm up every worker, both kinds
                closed_loop(port, path, bodies[kind], headers, 1, args.clients)
            for n in range(args.rounds):
                for phase in ("bare", "idle", *loaded) if n % 2 == 0 else ("idle", "bare", *loaded):
                    parts = loaded.get(phase, set())
                    busy = [helper for role, helper in running.items() if ROLES[role] & parts]
                    for helper in busy:
                        helper.go(args.seconds, parts)
                    kind = "bare" if phase == "bare" else "real"
                    path = BARE if kind == "bare" else REAL
                    phases[phase].append(closed_loop(port, path, bodies[kind], headers, args.seconds, args.clients))
                    if phase in loaded:
                        done = {"pages": [], "failed": 0, "rollup_s": [], "scoring_s": []}
                        background[phase].append(done | {k: v for h in busy for k, v in h.result().items()})
    return {"phases": phases, "background": background, "rows": check_rows(), "load": os.getloadavg()}


def check_rows() -> dict:
    """Per kind: complaints stored, and how many lack a search vector, an event, a stage record or
    an SMS (or have more than one of them). Raises if any push's rows are incomplete."""
    from django.db import connection

    sql = """
        SELECT count(*), count(*) FILTER (WHERE c.search IS NULL),
               count(*) FILTER (WHERE (SELECT count(*) FROM complaints_complaintevent e
                                       WHERE e.complaint_id = c.id) <> 1),
               count(*) FILTER (WHERE (SELECT count(*) FROM complaints_stagerecord s
                                       WHERE s.complaint_id = c.id) <> 1),
               count(*) FILTER (WHERE (SELECT count(*) FROM notifications_notification n
                                       WHERE n.target_id = c.id AND n.channel = 'sms'
                                         AND n.target_type_id = t.id) <> 1)
        FROM complaints_complaint c,
             (SELECT id FROM django_content_type WHERE app_label = 'complaints' AND model = 'complaint') t
        WHERE c.channel = '12345' AND c.external_id LIKE %s"""
    found = {}
    with connection.cursor() as cursor:
        for kind, prefix in PREFIX.items():
            cursor.execute(sql, [prefix + "%"])
            stored, *missing = cursor.fetchone()
            found[kind] = {"stored": stored, "incomplete": sum(missing)}
    if any(f["incomplete"] for f in found.values()) or not all(f["stored"] for f in found.values()):
        raise RuntimeError(f"the pushes' rows are not complete: {found}")
    return found


def summary(runs: list[tuple[list[float], int]], seconds: float) -> dict:
    latencies = [t for times, _ in runs for t in times]
    rate, failed = len(latencies) / (seconds * len(runs)), sum(bad for _, bad in runs)
    return {"rate": rate, "failed": failed, "p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95)}


def report(args, r: dict) -> None:
    s = {phase: summary(runs, args.seconds) for phase, runs in r["phases"].items()}
    load = " / ".join(f"{x:.1f}" for x in r["load"])
    print(
        f"intake under a mixed load, --scale {args.scale}: gunicorn {args.workers} sync workers, {args.clients} "
        f"pushing clients, {args.rounds} rounds of {args.seconds:g} s per phase; load average after: {load}"
    )
    main = ("bare", "idle", "loaded")
    for n, bg in enumerate(r["background"]["loaded"]):
        rates = "  ".join(f"{p} {summary([r['phases'][p][n]], args.seconds)['rate']:6.1f}/s" for p in main)
        print(
            f"  round {n + 1}: {rates}; beside the loaded phase {len(bg['pages'])} pages, "
            f"{len(bg['rollup_s'])} roll-ups, {len(bg['scoring_s'])} scoring runs"
        )
    labels = {
        "bare": "bare push (same rows, one statement)",
        "idle": "12345 push, idle",
        "loaded": "12345 push, loaded",
    }
    for phase in s:
        x, label = s[phase], labels.get(phase, f"12345 push, {phase}")
        versus = f"  p95 {x['p95'] / s['idle']['p95']:.2f} × idle" if phase not in main and s["idle"]["p95"] else ""
        print(
            f"  {label:37s} {x['rate']:7.1f} pushes/s  p50 {x['p50'] * 1000:6.1f} ms  "
            f"p95 {x['p95'] * 1000:6.1f} ms  ({x['failed']} failed){versus}"
        )
    loaded = r["background"]["loaded"]
    pages, rollups, scorings = ([t for bg in loaded for t in bg[k]] for k in ("pages", "rollup_s", "scoring_s"))
    print(
        f"  beside the loaded pushes: {len(pages)} dashboard pages ({args.browsers} clients, p95 "
        f"{percentile(pages, 0.95) * 1000:.0f} ms, {sum(bg['failed'] for bg in loaded)} failed); {len(rollups)} "
        f"roll-ups (median {statistics.median(rollups or [0]) * 1000:.0f} ms); {len(scorings)} scoring runs on "
        f"{args.scoring_parallel} connections (median {statistics.median(scorings or [0]):.2f} s)"
    )
    rows = r["rows"]
    print(
        f"  rows checked: {rows['real']['stored']} complaints pushed, {rows['bare']['stored']} bare, each with its "
        "search vector, one event, one stage record, one SMS"
    )
    p95_ratio = s["loaded"]["p95"] / s["idle"]["p95"] if s["idle"]["p95"] else 0
    load_met = p95_ratio <= P95_RATIO and s["loaded"]["rate"] >= MIN_RATE
    bare_ratio = s["idle"]["rate"] / s["bare"]["rate"] if s["bare"]["rate"] else 0
    print(
        f"  p95 loaded / idle: {p95_ratio:.2f} (target ≤ {P95_RATIO}), loaded {s['loaded']['rate']:.0f} pushes/s "
        f"(target ≥ {MIN_RATE}): {'met' if load_met else 'MISSED'}"
    )
    print(
        f"  real / bare pushes per second, idle: {bare_ratio:.2f} (target ≥ {BARE_RATIO}): "
        f"{'met' if bare_ratio >= BARE_RATIO else 'MISSED'}"
    )
    if args.json:
        idle, loaded, bare = s["idle"], s["loaded"], s["bare"]
        emit(
            f"intake under mixed load ({args.scale})",
            f"loaded: p95 {loaded['p95'] * 1000:.1f} ms, {loaded['rate']:.0f}/s",
            f"idle: p95 {idle['p95'] * 1000:.1f} ms, {idle['rate']:.0f}/s",
            p95_ratio,
            f"p95 ≤ {P95_RATIO} × idle, ≥ {MIN_RATE}/s",
            load_met,
            pages=len(pages),
            rollups=len(rollups),
            scoring_runs=len(scorings),
            load_average=r["load"],
        )
        emit(
            f"intake vs bare push, same rows ({args.scale})",
            f"{idle['rate']:.0f} pushes/s",
            f"{bare['rate']:.0f} pushes/s",
            bare_ratio,
            f"ratio ≥ {BARE_RATIO}",
            bare_ratio >= BARE_RATIO,
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="province")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8, help="length of each phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=4, help="pushing clients")
    parser.add_argument("--browsers", type=int, default=4, help="clients browsing the dashboards")
    parser.add_argument("--think", type=float, default=0.5, help="seconds between a browser's pages")
    parser.add_argument("--rollup-every", type=float, default=5, help="seconds between roll-ups")
    parser.add_argument("--scoring-parallel", type=int, default=2, help="the scoring run's connections")
    parser.add_argument("--breakdown", action="store_true", help="also each part of the load alone")
    parser.add_argument("--quick", action="store_true", help="small scale, two short rounds")
    parser.add_argument("--json", action="store_true", help="also print JSON {…} lines (bench/run_all.py)")
    parser.add_argument("--role", choices=("browse", "jobs"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role:
        serve(args)
        return
    if args.quick:  # its defaults; options given still apply
        parser.set_defaults(**QUICK)
        args = parser.parse_args()
    with seeded_database(args.scale) as db_name:
        results = measure(args, db_name)
    report(args, results)


if __name__ == "__main__":
    main()
