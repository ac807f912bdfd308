"""The outbox: stored rows first, delivery by Celery tasks with retries, pluggable backends.

A notification is written in the transaction that causes it (the outbox). After commit the
process wakes the *relay*, a Celery task that claims the pending rows and queues one delivery
task for each. A process wakes it at most once per ``NOTIFICATION_RELAY_DELAY`` seconds, with
that countdown, so the relay's run takes everything committed meanwhile: a burst of a thousand
complaints costs the web processes a few broker messages, not a thousand, and a resident's SMS
leaves about a second after the complaint is saved. If the broker is down the rows stay
``pending`` and :func:`sweep_pending` (Celery beat) relays them later: nothing is lost.
In-portal messages need no delivery at all.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from . import texts
from .backends import DeliveryError, Rejected, Throttled
from .choices import NotificationChannel, NotificationStatus
from .models import Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
RELAY_BATCH = 500
# A relay due less than this far ahead may already be running: wake another.
RELAY_MARGIN = 0.25
STUCK_AFTER = timedelta(minutes=15)
# Queued by name: notifications.tasks imports this module.
RELAY_TASK = "notifications.tasks.relay_notifications"
DELIVER_TASK = "notifications.tasks.deliver_notification"


def backend_for(channel: str):
    return import_string(settings.NOTIFICATION_BACKENDS[channel])()


def build(*, channel, subject, body, recipient=None, address="", target=None, kind="", params=None) -> Notification:
    """An unsaved notification about ``target`` (any model instance, saved or not: intake stores
    the complaint and its SMS in one statement); in-portal messages are delivered by being stored.
    An SMS names its ``kind`` and ``params`` (see :data:`notifications.choices.SMS_PARAMETERS`):
    a template gateway sends those, the free-text backends ``body``."""
    inbox = channel == NotificationChannel.INBOX
    return Notification(
        recipient=recipient,
        address=address,
        channel=channel,
        subject=subject,
        body=body,
        kind=kind,
        params=params or {},
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        status=NotificationStatus.SENT if inbox else NotificationStatus.PENDING,
        sent_at=timezone.now() if inbox else None,
    )


def schedule(notification: Notification) -> None:
    """Have a stored notification delivered once the transaction that stored it commits."""
    if notification.status == NotificationStatus.PENDING:
        transaction.on_commit(wake_relay)


def create(**fields) -> Notification:
    """Store a notification (see :func:`build`) and have it delivered after commit."""
    notification = build(**fields)
    notification.save()
    schedule(notification)
    return notification


def tell(users, kind: str, *, target=None, **params) -> None:
    """An inbox message of ``kind`` (:data:`notifications.texts.INBOX_TEXTS`) to each of
    ``users``; it reads in each reader's language."""
    subject, body = texts.stored(kind, params)
    for user in users:
        create(
            channel=NotificationChannel.INBOX,
            recipient=user,
            subject=subject,
            body=body,
            target=target,
            kind=kind,
            params=params,
        )


class _RelayClock:
    """When the relay this process queued last will run (``time.time()``)."""

    due = 0.0


def wake_relay() -> bool:
    """Queue a relay run unless one queued by this process is still due later than now (it
    will take what was just committed). On a broker failure log it and leave the rows to the
    sweeper. Returns whether a relay was queued."""
    now = time.time()
    if now < _RelayClock.due - RELAY_MARGIN:
        return False
    delay = settings.NOTIFICATION_RELAY_DELAY
    try:
        current_app.send_task(RELAY_TASK, countdown=delay or None, retry=False)
    except Exception:  # any broker/transport failure: the stored rows are the safety net
        logger.warning("could not queue the notification relay; the sweeper will", exc_info=True)
        return False
    _RelayClock.due = now + delay
    return True


def relay(batch: int = RELAY_BATCH) -> int:
    """Claim the pending notifications (``queued``) and queue a delivery task for each.

    Claims are taken with ``SKIP LOCKED``, so relays running side by side split the rows and
    none is queued twice; if the broker fails half-way the unqueued rest goes back to
    ``pending``. Returns how many were queued."""
    queued = 0
    while True:
        with transaction.atomic():
            ids = list(
                Notification.objects.filter(status=NotificationStatus.PENDING)
                .filter(_due())
                .order_by("pk")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:batch]
            )
            Notification.objects.filter(pk__in=ids).update(status=NotificationStatus.QUEUED)
        for done, pk in enumerate(ids):
            try:
                current_app.send_task(DELIVER_TASK, args=[pk], retry=False)
            except Exception:
                Notification.objects.filter(pk__in=ids[done:], status=NotificationStatus.QUEUED).update(
                    status=NotificationStatus.PENDING
                )
                logger.warning("broker failure while relaying notifications; the sweeper will retry", exc_info=True)
                return queued
            queued += 1
        if len(ids) < batch:
            return queued


def _due() -> Q:
    """Rows not held back by a gateway's rate limit (``retry_at`` still ahead)."""
    return Q(retry_at__isnull=True) | Q(retry_at__lte=timezone.now())


def deliver(notification_id: int) -> str:
    """Claim and send one notification. Returns the resulting status (``"throttled"`` when the
    gateway's rate limit put it off: the sweeper relays it again when it is due).

    The claim is one conditional UPDATE, so a duplicate task run or the sweeper racing a
    retry cannot send twice.
    """
    claimed = (
        Notification.objects.filter(
            pk=notification_id,
            status__in=[NotificationStatus.PENDING, NotificationStatus.QUEUED, NotificationStatus.FAILED],
            attempts__lt=MAX_ATTEMPTS,
        )
        .filter(_due())
        .update(status=NotificationStatus.SENDING, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    row = Notification.objects.filter(pk=notification_id)
    try:
        provider_id = backend_for(notification.channel).send(notification)
    except Throttled as error:
        return _put_off(notification, error)
    except Rejected as error:
        logger.warning("notification %s rejected: %s", notification_id, error)
        row.update(status=NotificationStatus.REJECTED, last_error=str(error), retry_at=None)
        return NotificationStatus.REJECTED
    except Exception as error:
        row.update(status=NotificationStatus.FAILED, last_error=str(error))
        raise DeliveryError(str(error)) from error
    row.update(
        status=NotificationStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        retry_at=None,
        provider_id=(provider_id or "")[:64],
    )
    return NotificationStatus.SENT


def _put_off(notification: Notification, error: Throttled) -> str:
    """The gateway's rate limit refused the message: back to pending, due again after the gateway's
    delay or ``SMS_THROTTLE_RETRY_MINUTES`` doubled per attempt; failed after the last attempt."""
    row = Notification.objects.filter(pk=notification.pk)
    if notification.attempts >= MAX_ATTEMPTS:
        row.update(status=NotificationStatus.FAILED, last_error=str(error), retry_at=None)
        return NotificationStatus.FAILED
    delay = error.retry_after or settings.SMS_THROTTLE_RETRY_MINUTES * 60 * 2 ** (notification.attempts - 1)
    row.update(
        status=NotificationStatus.PENDING, last_error=str(error), retry_at=timezone.now() + timedelta(seconds=delay)
    )
    return "throttled"


def sweep_pending() -> int:
    """The safety net (Celery beat): put back rows stuck ``queued`` or ``sending`` (their task was
    lost with a broker or a worker), then relay everything pending, including rows stored
    while the broker was down. Returns how many were queued."""
    cutoff = timezone.now() - STUCK_AFTER
    Notification.objects.filter(
        status__in=[NotificationStatus.QUEUED, NotificationStatus.SENDING],
        created__lt=cutoff,
    ).filter(
        # A rate-limited row relayed again when due is as fresh as its retry time, not its creation.
        Q(retry_at__isnull=True) | Q(retry_at__lt=cutoff)
    ).update(status=NotificationStatus.PENDING)
    return relay()


def unread_count(user) -> int:
    """The user's unread in-portal messages (the inbox index answers it)."""
    return Notification.objects.filter(recipient=user, channel=NotificationChannel.INBOX, read_at__isnull=True).count()
