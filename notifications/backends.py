"""Delivery backends, chosen per channel by ``NOTIFICATION_BACKENDS``: each has ``send(notification)``,
which returns the gateway's id of the message (or None), and raises :class:`DeliveryError` when the
message did not go out (the task then retries), :class:`Throttled` when the gateway's rate limit
refused it (the outbox tries again later) or :class:`Rejected` when the gateway refused it for good
(not retried; shown to administrators with the gateway's message).

The template gateways (Alibaba Cloud, Tencent Cloud SMS) are in :mod:`notifications.gateways`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail

if TYPE_CHECKING:
    from .models import Notification

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A backend could not deliver; the task retries with backoff."""


class Throttled(DeliveryError):
    """The gateway's rate limit (per number, per day, per account) refused the message: the outbox
    tries again after ``retry_after`` seconds, or after ``SMS_THROTTLE_RETRY_MINUTES`` (doubling)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class Rejected(Exception):
    """The gateway refused the message for good (template not approved, invalid number …), or it
    cannot be sent as configured (no template for its kind): retrying would not help."""


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
