"""Celery tasks: thin callers of ``owners.votes``."""

from celery import shared_task

from . import votes


@shared_task
def advance_votes() -> dict:
    return votes.advance()


@shared_task
def sweep_committees() -> dict:
    from . import committee_sweep

    return committee_sweep.sweep()
