"""Celery tasks: thin callers of the inspections modules (all idempotent)."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import rectification, selfreports


@shared_task
def sweep_overdue_orders() -> int:
    return rectification.sweep_overdue()


@shared_task
def self_report_cycle() -> dict:
    """Daily: open the reports of the quarter that ended, remind, flag the late ones."""
    today = timezone.localdate()
    last_quarter_end = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - dt.timedelta(days=1)
    quarter = (last_quarter_end.month - 1) // 3 + 1
    return {
        "created": selfreports.generate(last_quarter_end.year, quarter),
        "reminded": selfreports.remind(),
        "late": selfreports.flag_late(),
    }
