"""Celery tasks: thin callers of the SLA sweeps (complaints.sla)."""

from celery import shared_task
from django.conf import settings

from . import sla


@shared_task
def sweep_overdue() -> int:
    return sla.sweep_overdue()


@shared_task
def auto_close_without_feedback() -> int:
    return sla.auto_close_without_feedback(settings.FEEDBACK_AUTO_CLOSE_DAYS)
