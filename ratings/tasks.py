"""Celery tasks: thin callers of :mod:`ratings.jobs`."""

import logging

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from core.errors import InvalidState
from core.quarters import Quarter

from . import credit, jobs

logger = logging.getLogger(__name__)


class PartitionTask(Task):
    """Records each failure of a partition on its run, for the run's page."""

    @staticmethod
    def _partition(args, kwargs) -> tuple:
        named = {**dict(zip(("run_id", "code"), args, strict=False)), **kwargs}
        return named.get("run_id"), named.get("code")

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        jobs.record_failure(*self._partition(args, kwargs), exc, retrying=True)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        jobs.record_failure(*self._partition(args, kwargs), exc, retrying=False)


# A lost connection, a restarted or failed-over server, a deadlock: retried with exponential
# backoff (jittered so that the partitions of a run do not all come back at once); then the
# failure is on the run and the sweeper (requeue_stuck_runs) queues the partition again later.
@shared_task(
    base=PartitionTask,
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def compute_partition(run_id: int, code: str) -> int:
    return jobs.compute_partition(run_id, code)


@shared_task
def requeue_stuck_runs() -> int:
    """Beat (every 10 minutes): queue again the partitions of runs stuck computing."""
    return jobs.requeue_stuck()


@shared_task
def score_last_quarter() -> int:
    """Beat: score the quarter that just closed (the day after its self-reports were due); a
    quarter already published, or without a scheme, is left alone."""
    try:
        return jobs.start(Quarter.last_closed()).pk
    except InvalidState as refused:
        logger.info("quarterly scoring not started: %s", refused.messages[0])
        return 0


@shared_task
def sync_credit() -> int:
    """Beat (daily) and after each published list: write credit records from their sources."""
    return sum(credit.sync().values())
