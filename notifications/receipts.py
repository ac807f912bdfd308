"""Delivery receipts of SMS sent through a template gateway: pulled every few minutes (Celery
beat, ``notifications-sms-receipts``) and recorded on the outbox row, so staff see whether the
resident's phone got the message, not only that the gateway took it.

A backend that reports receipts has ``receipts(notifications)``, given the rows still awaiting
one and answering :class:`notifications.gateways.Receipt` values (Alibaba Cloud asks about each
message, Tencent Cloud pulls its queue). A row without a receipt after
``SMS_RECEIPT_WINDOW_HOURS`` is marked ``unknown`` and no longer asked about.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .choices import NotificationChannel, NotificationStatus, ReceiptStatus
from .models import Notification
from .outbox import backend_for

logger = logging.getLogger(__name__)
RECEIPT_BATCH = 500  # rows asked about per run (Alibaba Cloud: one query each)


def awaiting():
    """Sent SMS with the gateway's id and no receipt yet (the partial index's rows)."""
    return Notification.objects.filter(
        channel=NotificationChannel.SMS, status=NotificationStatus.SENT, receipt=""
    ).exclude(provider_id="")


def pull(now=None) -> int:
    """Ask the SMS backend for receipts and record them. Returns how many rows got one."""
    backend = backend_for(NotificationChannel.SMS)
    if not hasattr(backend, "receipts"):
        return 0
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.SMS_RECEIPT_WINDOW_HOURS)
    expired = awaiting().filter(sent_at__lt=cutoff).update(receipt=ReceiptStatus.UNKNOWN, receipt_at=now)
    if expired:
        logger.info("%d SMS got no delivery receipt within %d hours", expired, settings.SMS_RECEIPT_WINDOW_HOURS)
    rows = list(awaiting().filter(sent_at__gte=cutoff).order_by("sent_at")[:RECEIPT_BATCH])
    return record(backend.receipts(rows), now=now)


def record(receipts, now=None) -> int:
    """Write each receipt on the row with its gateway id, once (a later duplicate changes nothing).
    Returns how many rows got one."""
    now = now or timezone.now()
    recorded = 0
    for receipt in receipts:
        recorded += (
            awaiting()
            .filter(provider_id=receipt.provider_id)
            .update(
                receipt=ReceiptStatus.DELIVERED if receipt.delivered else ReceiptStatus.UNDELIVERED,
                receipt_at=receipt.at or now,
                receipt_note=(receipt.note or "")[:200],
            )
        )
    return recorded
