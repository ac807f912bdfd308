"""Celery tasks: thin callers of the complaint workflow's sweeps."""

from celery import shared_task
from django.conf import settings

from . import workflow


@shared_task
def sweep_overdue() -> int:
    return workflow.sweep_overdue()


@shared_task
def auto_close_without_feedback() -> int:
    return workflow.auto_close_without_feedback(settings.FEEDBACK_AUTO_CLOSE_DAYS)
