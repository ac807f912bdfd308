"""Celery tasks: thin callers of :mod:`notifications.outbox`."""

from celery import shared_task

from . import outbox, receipts


@shared_task(
    autoretry_for=(outbox.DeliveryError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=outbox.MAX_ATTEMPTS - 1,
)
def deliver_notification(notification_id: int) -> str:
    return outbox.deliver(notification_id)


@shared_task
def relay_notifications() -> int:
    return outbox.relay()


@shared_task
def sweep_notifications() -> int:
    return outbox.sweep_pending()


@shared_task
def pull_sms_receipts() -> int:
    return receipts.pull()
