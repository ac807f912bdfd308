"""Celery tasks: thin callers of :mod:`ratings.jobs`."""

import logging

from celery import shared_task

from core.errors import InvalidState
from core.quarters import Quarter

from . import credit, jobs

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def compute_partition(run_id: int, code: str) -> int:
    return jobs.compute_partition(run_id, code)


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
