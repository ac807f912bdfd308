"""The quarterly scoring on REAL Celery worker processes (issue 14): one quarter scored by one,
then by two, then by four ``celery -A config worker --concurrency 1`` processes against the test
database gives the same project and enterprise rows, and the run ends DRAFT (≈ 18 s here).

The workers listen on Redis db 13 (the rest of the suite queues to db 14), so they never run
another test's tasks. Every wait is bounded and the workers are always stopped.
"""

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.core.management import CommandError, call_command
from django.db import connection

from complaints.choices import Feedback
from complaints.models import Complaint
from config.celery import app
from config.settings import redis_db_url
from ratings import jobs
from ratings.choices import RunStatus
from ratings.models import EnterpriseScore, ProjectScore, ScoringRun

from .factories import ProjectFactory, RegionFactory, make_complaint
from .test_ratings import IN_Q2, Q2, _snapshot

ROOT = Path(__file__).resolve().parent.parent
BROKER_DB = 13
WAIT_SECONDS = 25


def _database_url() -> str:
    s = connection.settings_dict
    if s["HOST"].startswith("/"):  # a socket folder: django-environ reads it from the path
        return f"postgres://{quote(s['USER'])}@:{s['PORT']}/{s['HOST']}/{s['NAME']}"
    return f"postgres://{quote(s['USER'])}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@contextmanager
def _broker():
    """Point this process's publisher at db 13, emptied before and after."""
    old = app.conf.broker_url
    url = redis_db_url(BROKER_DB, broker=True)
    client = redis.Redis.from_url(redis_db_url(BROKER_DB))
    client.flushdb()
    app.conf.broker_url, app._pool, app.amqp._producer_pool = url, None, None
    try:
        yield url
    finally:
        app.conf.broker_url, app._pool, app.amqp._producer_pool = old, None, None
        client.flushdb()


@contextmanager
def _workers(n: int, broker: str, logs: Path):
    env = {**os.environ, "DATABASE_URL": _database_url(), "CONN_MAX_AGE": "0"}
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
    started = []
    for i in range(n):
        with (logs / f"{n}-{i}.log").open("w") as log:
            started.append(
                subprocess.Popen(
                    [*command, "--hostname", f"w{i}-{os.getpid()}@%h"],
                    cwd=ROOT,
                    env=env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            )
    try:
        yield started
    finally:
        for process in started:
            os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def _wait_until_draft(run_id: int, workers: list, logs: Path) -> ScoringRun:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        run = ScoringRun.objects.get(pk=run_id)
        if run.status != RunStatus.COMPUTING:
            return run
        dead = [p for p in workers if p.poll() is not None]
        assert not dead, "\n".join(p.read_text()[-2000:] for p in logs.iterdir())
        time.sleep(0.2)
    logs_text = "\n".join(p.read_text()[-2000:] for p in logs.iterdir())
    pytest.fail(f"the workers did not finish the run within {WAIT_SECONDS} s:\n{logs_text}")


def _score_with(n: int, broker: str, logs: Path) -> tuple[ScoringRun, set, set]:
    with _workers(n, broker, logs) as workers:
        run = jobs.start(Q2)  # queues one task per district, on commit (autocommit here)
        run = _wait_until_draft(run.pk, workers, logs)
    return run, *_rows(run)


def _rows(run) -> tuple[set, set]:
    """The run's project rows (with their lines) and enterprise rows, as sets."""
    projects = {(p, s, r, json.dumps(parts, default=str)) for p, s, r, parts in _snapshot(run)}
    enterprises = EnterpriseScore.objects.filter(run=run).values_list("enterprise_id", "score", "adjustment")
    return projects, set(enterprises)


def _quarter_facts(tree) -> None:
    """A third district, and complaints counted by several components in each."""
    c = RegionFactory.child(tree.city, 4, name="天桥区")
    street = RegionFactory.child(RegionFactory.child(c, 1, name="北园街道"), 1, name="明湖社区")
    projects = [tree.project_a, tree.project_b, ProjectFactory(region=street, enterprise=tree.ent_b)]
    for n, project in enumerate(projects):
        for i in range(n + 2):
            fields = {"substantiated": i % 2 == 0, "feedback": Feedback.SATISFIED, "feedback_at": IN_Q2}
            Complaint.objects.filter(pk=make_complaint(project).pk).update(created=IN_Q2, **fields)


@pytest.mark.django_db(transaction=True)
def test_one_two_and_four_real_workers_score_a_quarter_identically(tree, tmp_path):
    _quarter_facts(tree)
    with _broker() as broker:
        one, one_projects, one_enterprises = _score_with(1, broker, tmp_path)
        two, two_projects, two_enterprises = _score_with(2, broker, tmp_path)
        four, four_projects, four_enterprises = _score_with(4, broker, tmp_path)
    assert one.pk == two.pk and two.status == RunStatus.DRAFT and len(two.partitions) == 3
    assert len(one_projects) == 3 and len(one_enterprises) == 2
    assert two_projects == one_projects and two_enterprises == one_enterprises
    assert four_projects == one_projects and four_enterprises == one_enterprises and four.status == RunStatus.DRAFT


@pytest.mark.django_db(transaction=True)
def test_run_all_on_several_connections_gives_the_rows_of_one(tree, monkeypatch):
    """``compute_scores --here`` computes partitions on a connection per core: the rows are the
    ones of one partition at a time, and the partitions really ran on other threads."""
    _quarter_facts(tree)
    one = jobs.run_all(jobs.start(Q2, enqueue=False), parallel=1)
    assert one.status == RunStatus.DRAFT
    rows = _rows(one)
    compute, threads = jobs.compute_partition, set()

    def recorded(run_id, code):
        threads.add(threading.current_thread().name)
        return compute(run_id, code)

    monkeypatch.setattr(jobs, "compute_partition", recorded)
    several = jobs.run_all(jobs.start(Q2, enqueue=False), parallel=4)
    assert several.status == RunStatus.DRAFT and several.pk == one.pk
    assert _rows(several) == rows and len(rows[0]) == 3 and len(rows[1]) == 2
    assert threads and all(name.startswith("scoring") for name in threads)


@pytest.mark.django_db(transaction=True)
def test_run_all_on_several_connections_raises_a_failed_partition_and_a_rerun_completes(tree, monkeypatch):
    _quarter_facts(tree)
    run = jobs.start(Q2, enqueue=False)
    broken, compute = run.partitions[0], jobs.compute_partition

    def failing(run_id, code):
        if code == broken:
            raise RuntimeError("partition failed")
        return compute(run_id, code)

    monkeypatch.setattr(jobs, "compute_partition", failing)
    with pytest.raises(RuntimeError, match="partition failed"):
        jobs.run_all(run, parallel=2)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPUTING and broken not in run.partitions_done
    monkeypatch.undo()
    run = jobs.run_all(jobs.start(Q2, enqueue=False), parallel=2)
    assert run.status == RunStatus.DRAFT and len(_rows(run)[0]) == 3


@pytest.mark.django_db(transaction=True)
def test_compute_scores_here_scores_the_quarter_on_parallel_connections(tree):
    _quarter_facts(tree)
    out = io.StringIO()
    call_command("compute_scores", "--quarter", str(Q2), "--here", "--parallel", "2", stdout=out)
    run = ScoringRun.objects.get(year=Q2.year, quarter=Q2.number)
    assert run.status == RunStatus.DRAFT and ProjectScore.objects.filter(run=run).count() == 3
    assert f"{Q2}: 3 project scores" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("quarter", ["2026Q5", "9223372036854775808Q1", "=1+1", "2026\x00Q1"])
def test_compute_scores_refuses_a_malformed_quarter(quarter):
    with pytest.raises(CommandError, match="季度格式应为 2026Q3"):
        call_command("compute_scores", "--quarter", quarter, "--here")
    assert not ScoringRun.objects.exists()
