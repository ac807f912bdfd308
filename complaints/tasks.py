"""Celery tasks: thin callers of complaints.workflow and complaints.notifications."""

from celery import shared_task
from django.conf import settings

from . import notifications, workflow


@shared_task(
    autoretry_for=(notifications.DeliveryError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=notifications.MAX_ATTEMPTS - 1,
)
def deliver_notification(notification_id: int) -> str:
    return notifications.deliver(notification_id)


@shared_task
def relay_notifications() -> int:
    return notifications.relay()


@shared_task
def sweep_notifications() -> int:
    return notifications.sweep_pending()


@shared_task
def sweep_overdue() -> int:
    return workflow.sweep_overdue()


@shared_task
def auto_close_without_feedback() -> int:
    return workflow.auto_close_without_feedback(settings.FEEDBACK_AUTO_CLOSE_DAYS)
