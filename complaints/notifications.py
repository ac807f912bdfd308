"""Notifications: stored rows first, delivery by a Celery task with retries, pluggable backends.

A notification is written in the transaction that causes it and queued after commit. If the
broker is down the row simply stays ``pending`` and :func:`sweep_pending` (Celery beat)
queues it again later: nothing is lost. In-portal messages need no delivery at all.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from .choices import NotificationChannel, NotificationStatus
from .models import Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


class DeliveryError(Exception):
    """A backend could not deliver; the task retries with backoff."""


class EmailBackend:
    def send(self, notification: Notification) -> None:
        send_mail(notification.subject, notification.body, settings.DEFAULT_FROM_EMAIL, [notification.address])


class LoggingSmsBackend:
    """The default SMS backend: writes the message to the log (no gateway configured)."""

    def send(self, notification: Notification) -> None:
        logger.info("SMS to %s: %s", notification.address, notification.body)


class HttpSmsBackend:
    """A JSON-over-HTTP SMS gateway: ``SMS_GATEWAY_URL``, ``SMS_GATEWAY_TOKEN``, ``SMS_SIGN_NAME``."""

    def send(self, notification: Notification) -> None:
        import json
        import urllib.request

        payload = json.dumps(
            {"phone": notification.address, "sign": settings.SMS_SIGN_NAME, "content": notification.body}
        ).encode()
        request = urllib.request.Request(
            settings.SMS_GATEWAY_URL,
            data=payload,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:
                if response.status >= 300:
                    raise DeliveryError(f"gateway answered {response.status}")
        except OSError as error:
            raise DeliveryError(str(error)) from error


def backend_for(channel: str):
    return import_string(settings.NOTIFICATION_BACKENDS[channel])()


def build(*, channel, subject, body, recipient=None, address="", complaint=None) -> Notification:
    """An unsaved notification; in-portal messages are delivered by being stored."""
    inbox = channel == NotificationChannel.INBOX
    return Notification(
        recipient=recipient,
        address=address,
        channel=channel,
        subject=subject,
        body=body,
        complaint=complaint,
        status=NotificationStatus.SENT if inbox else NotificationStatus.PENDING,
        sent_at=timezone.now() if inbox else None,
    )


def schedule(notification: Notification) -> None:
    """Queue the delivery of a stored notification once the transaction that stored it commits."""
    if notification.status == NotificationStatus.PENDING:
        transaction.on_commit(lambda: enqueue(notification.pk))


def create(**fields) -> Notification:
    """Store a notification (see :func:`build`) and queue its delivery after commit."""
    notification = build(**fields)
    notification.save()
    schedule(notification)
    return notification


def enqueue(notification_id: int) -> bool:
    """Queue delivery; on a broker failure log it and leave the row for the sweeper."""
    from .tasks import deliver_notification

    try:
        deliver_notification.apply_async(args=[notification_id], retry=False)
    except Exception:  # any broker/transport failure: the stored row is the safety net
        logger.warning("could not queue notification %s; the sweeper will retry", notification_id, exc_info=True)
        return False
    return True


def deliver(notification_id: int) -> str:
    """Claim and send one notification. Returns the resulting status.

    The claim is one conditional UPDATE, so a duplicate task run or the sweeper racing a
    retry cannot send twice.
    """
    claimed = Notification.objects.filter(
        pk=notification_id,
        status__in=[NotificationStatus.PENDING, NotificationStatus.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).update(status=NotificationStatus.SENDING, attempts=F("attempts") + 1)
    if claimed != 1:
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    try:
        backend_for(notification.channel).send(notification)
    except Exception as error:
        Notification.objects.filter(pk=notification_id).update(status=NotificationStatus.FAILED, last_error=str(error))
        raise DeliveryError(str(error)) from error
    Notification.objects.filter(pk=notification_id).update(
        status=NotificationStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return NotificationStatus.SENT


def sweep_pending(older_than: timedelta = timedelta(minutes=2)) -> int:
    """Queue again what was never queued (broker down) or got stuck while sending."""
    now = timezone.now()
    stuck_sending = Notification.objects.filter(
        status=NotificationStatus.SENDING, created__lt=now - timedelta(minutes=15)
    )
    stuck_sending.update(status=NotificationStatus.PENDING)
    ids = list(
        Notification.objects.filter(status=NotificationStatus.PENDING, created__lt=now - older_than).values_list(
            "pk", flat=True
        )[:5000]
    )
    return sum(1 for pk in ids if enqueue(pk))
