"""Celery tasks: thin callers of ``funds.revenue``."""

from celery import shared_task

from . import revenue


@shared_task
def settle_revenue() -> int:
    return revenue.settle_due()
