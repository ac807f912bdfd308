"""Complaint intake throughput: the 12345 push API under gunicorn against a baseline view that
does one INSERT, same server, same worker count, measured in the same run.

The two kinds alternate in short rounds, so that a noisy neighbour or a checkpoint slows both
alike. Prints each round, both rates and the ratio. Targets: ratio ≥ 0.5 and ≥ 150 requests/s
on 2 cores.

    .venv/bin/python bench/intake.py [--seconds 2] [--rounds 8] [--workers 2] [--clients 4]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from _common import bench_database, emit

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(port: int, path: str, make_body, headers: dict, seconds: float, clients: int) -> tuple[int, int]:
    """POST as fast as ``clients`` threads can for ``seconds``; returns (ok, failed)."""
    counter = itertools.count()
    ok, failed, lock = [0], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        good = bad = 0
        while time.monotonic() < deadline:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("POST", path, body=make_body(next(counter)), headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status in (200, 201):
                    good += 1
                else:
                    bad += 1
            except OSError:
                bad += 1
            finally:
                conn.close()
        with lock:
            ok[0] += good
            failed[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return ok[0], failed[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=8, help="baseline/intake rounds, interleaved")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn gthread threads per worker (1 = sync)")
    parser.add_argument("--json", action="store_true", help="also print one line: JSON {…} (bench/run_all.py)")
    args = parser.parse_args()

    with bench_database() as db_name:
        import io

        from django.core.management import call_command
        from django.db import connection

        from complaints.choices import Channel
        from complaints.models import ApiClient, Complaint
        from projects.models import Project

        call_command("seed_demo", "--scale", "small", stdout=io.StringIO())  # the intake writes beside these
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE bench_ping (id bigserial PRIMARY KEY, body text, created timestamptz DEFAULT now())"
            )
            cursor.execute("VACUUM ANALYZE")  # both kinds start from settled tables, not the seed's churn
        api_client, key = ApiClient.issue("bench 12345", Channel.HOTLINE_12345)
        codes = list(Project.objects.values_list("code", flat=True)[:200])

        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench._settings",
            "EMBEDDED_DB_NAME": db_name,
            "PYTHONPATH": str(ROOT),
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                *(["--worker-class", "gthread", "--threads", str(args.threads)] if args.threads > 1 else []),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            headers = {"Content-Type": "application/json", "Authorization": f"ApiKey {key}"}

            def ticket(i):
                body = {
                    "ticket_no": f"B{i:08d}",
                    "project_code": codes[i % len(codes)],
                    "category": "cleaning",
                    "content": "楼道垃圾长期无人清运，气味很大，请尽快处理",
                    "caller_phone": f"138{i % 100000000:08d}",
                }
                return json.dumps(body, ensure_ascii=False).encode()

            def ping(i):
                return json.dumps({"n": i}).encode()

            numbers = itertools.count()  # every push a new ticket, across rounds

            def new_ticket(_i):
                return ticket(next(numbers))

            json_type = {"Content-Type": "application/json"}
            load(port, "/bench/insert/", ping, json_type, 1, args.clients)  # warm up
            load(port, "/api/channel/tickets/", new_ticket, headers, 1, args.clients)
            # Interleaved rounds: a noisy neighbour slows both kinds alike instead of one phase.
            rounds = []
            for _ in range(args.rounds):
                base = load(port, "/bench/insert/", ping, json_type, args.seconds, args.clients)
                intake = load(port, "/api/channel/tickets/", new_ticket, headers, args.seconds, args.clients)
                rounds.append((base, intake))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        saved = Complaint.objects.filter(external_id__startswith="B0").count()

    kind = f"gthread x{args.threads}" if args.threads > 1 else "sync"
    print(
        f"gunicorn, {args.workers} {kind} workers, {args.clients} client threads, "
        f"{args.rounds} rounds of {args.seconds:.0f} s per kind"
    )
    for n, ((base_ok, _), (intake_ok, _)) in enumerate(rounds, 1):
        print(
            f"  round {n}: baseline {base_ok / args.seconds:7.1f} req/s, intake {intake_ok / args.seconds:6.1f} req/s, "
            f"ratio {intake_ok / base_ok if base_ok else 0:.2f}"
        )
    seconds = args.seconds * args.rounds
    base_ok, base_bad = (sum(r[0][i] for r in rounds) for i in (0, 1))
    intake_ok, intake_bad = (sum(r[1][i] for r in rounds) for i in (0, 1))
    base_rate, intake_rate = base_ok / seconds, intake_ok / seconds
    ratio = intake_rate / base_rate if base_rate else 0
    print(f"  baseline one-INSERT view: {base_rate:8.1f} req/s ({base_bad} failed)")
    print(f"  12345 push (intake):      {intake_rate:8.1f} req/s ({intake_bad} failed, {saved} complaints saved)")
    print(f"  ratio intake / baseline:  {ratio:8.2f}   (target ≥ 0.5)")
    print(f"  intake ≥ 150 req/s:       {'met' if intake_rate >= 150 else 'MISSED'}")
    if args.json:
        emit(
            "intake (12345 push)",
            f"{intake_rate:.0f} req/s",
            f"{base_rate:.0f} req/s",
            ratio,
            "ratio ≥ 0.5, ≥ 150 req/s",
            ratio >= 0.5 and intake_rate >= 150,
        )


if __name__ == "__main__":
    main()
