"""Delivery backends, chosen per channel by ``NOTIFICATION_BACKENDS``: each has ``send(notification)``
and raises :class:`DeliveryError` when the message did not go out (the task then retries)."""

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
