"""The statistics roll-up on REAL Celery worker processes (issue 14): one, then two, then four
``celery -A config worker --concurrency 1`` processes each get a burst of concurrent
``dashboards.tasks.rollup_statistics`` (the first run claims the state row with NOWAIT; those
that find it locked skip), then later runs after more changes; every time the tables end
identical to a ``rollup.rebuild()`` of the same complaints.

The workers listen on Redis db 15 (the scoring workers' test uses 13, the rest of the suite 14),
so they never run another test's tasks. A burst is done when its messages are neither queued
nor unacknowledged (tasks are acknowledged late, after they return). Every wait is bounded and
the workers are always stopped.
"""

import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from complaints import workflow
from complaints.choices import Feedback, Status
from complaints.models import Complaint
from config.celery import app
from config.settings import redis_db_url
from dashboards import rollup
from dashboards.models import RollupState
from dashboards.tasks import rollup_statistics

from .test_scoring_workers import _workers
from .test_statistics import CATEGORIES, _file, _table_rows

BROKER_DB = 15
WAIT_SECONDS = 60
STEPS = ["submitted", "accepted", "answered", "satisfied", "unsatisfied", "overdue", "rejected", "merged"]


@contextmanager
def _broker():
    """Point this process's publisher at db 15, emptied before and after; yields (url, client)."""
    old = app.conf.broker_url
    url = redis_db_url(BROKER_DB, broker=True)
    client = redis.Redis.from_url(redis_db_url(BROKER_DB))
    client.flushdb()
    app.conf.broker_url, app._pool, app.amqp._producer_pool = url, None, None
    try:
        yield url, client
    finally:
        app.conf.broker_url, app._pool, app.amqp._producer_pool = old, None, None
        client.flushdb()


def _logs(folder: Path) -> str:
    return "\n".join(p.read_text()[-2000:] for p in sorted(folder.iterdir()))


def _burst(count: int, client, workers: list, logs: Path) -> None:
    """Queue ``count`` roll-ups at once and wait until every one has run (or skipped)."""
    for _ in range(count):
        rollup_statistics.delay()
    deadline, idle = time.monotonic() + WAIT_SECONDS, 0
    while time.monotonic() < deadline:
        dead = [p for p in workers if p.poll() is not None]
        assert not dead, _logs(logs)
        # Idle a few polls in a row: a message is briefly in neither key while a worker takes it.
        idle = idle + 1 if client.llen("celery") == 0 and client.hlen("unacked") == 0 else 0
        if idle >= 3:
            return
        time.sleep(0.2)
    pytest.fail(f"the workers did not run {count} roll-ups within {WAIT_SECONDS} s:\n{_logs(logs)}")


def _changes(tree, users, seed: int) -> None:
    """New complaints on several days, and transitions on complaints already rolled up."""
    for i in range(6):
        k = seed * 6 + i
        _file(
            tree,
            users,
            k % 2,
            CATEGORIES[k % 4],
            STEPS[k % len(STEPS)],
            days_ago=(k * 13) % 75,
            substantiated=(k % 3 == 0),
        )
    for complaint in Complaint.objects.filter(status=Status.ANSWERED).order_by("pk")[:2]:
        workflow.record_feedback(complaint, rating=Feedback.BASICALLY_SATISFIED)


@pytest.mark.django_db(transaction=True)
def test_one_two_and_four_real_workers_roll_up_like_a_rebuild(tree, users, tmp_path):
    assert not RollupState.objects.exists()  # the first burst also races to create the state row
    with _broker() as (broker, client):
        for seed, n in enumerate((1, 2, 4)):
            logs = tmp_path / f"workers-{n}"
            logs.mkdir()
            with _workers(n, broker, logs) as workers:
                _changes(tree, users, seed)
                _burst(3 * n, client, workers, logs)  # concurrent: one runs, the others skip or follow
                first = RollupState.objects.get(pk=1).finished
                _changes(tree, users, seed + 10)  # later work, read from the watermark on
                _burst(n, client, workers, logs)
                assert RollupState.objects.get(pk=1).finished > first
            assert "Traceback" not in _logs(logs)
            rolled_up = _table_rows()
            assert rolled_up[0] and rolled_up[1], "the workers wrote rows"
            rollup.rebuild()
            assert _table_rows() == rolled_up, f"{n} worker(s)"
