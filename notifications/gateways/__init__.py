"""SMS through the template gateways Chinese bureaus use: Alibaba Cloud SMS (:mod:`.aliyun`) and
Tencent Cloud SMS (:mod:`.tencent`), each through its official SDK.

Neither sends free text: a message is a template approved in advance (template code), the
signature (``SMS_SIGN_NAME``) and the template's parameters. Each SMS the portal stores names its
kind and parameters (``Notification.kind``/``params``); ``SMS_TEMPLATES`` gives each kind its
template code per gateway and the parameters the template uses, in the template's order.

A gateway's answer is sorted three ways: sent (its id is kept for the delivery receipt), rate
limited (:class:`~notifications.backends.Throttled`: the outbox tries again later) or refused for
good (:class:`~notifications.backends.Rejected`: reported with the gateway's code and message);
anything else (network, the gateway's own fault) is a :class:`~notifications.backends.DeliveryError`
retried by the task. Delivery receipts are pulled by :mod:`notifications.receipts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings

from ..backends import DeliveryError, Rejected, Throttled


@dataclass(frozen=True)
class Receipt:
    """A delivery receipt: the gateway's id of the message, whether it reached the phone, when,
    and the gateway's words (an error code when it did not)."""

    provider_id: str
    delivered: bool
    at: datetime | None = None
    note: str = ""


def template_for(notification, provider: str) -> tuple[str, list[tuple[str, str]]]:
    """The template code of the notification's kind at ``provider`` and its parameters as
    ``(name, value)`` pairs in the template's order; :class:`Rejected` when it has none."""
    kind = notification.kind
    if not kind:
        raise Rejected("this SMS has no kind, so no template: a template gateway cannot send it")
    spec = settings.SMS_TEMPLATES.get(kind) or {}
    code = str(spec.get(provider) or "").strip()
    if not code:
        raise Rejected(f"SMS_TEMPLATES has no {provider} template code for {kind!r}")
    names = list(spec.get("params") or [])
    missing = [name for name in names if name not in notification.params]
    if missing:
        raise Rejected(f"the {kind!r} SMS has no parameter {', '.join(missing)} that SMS_TEMPLATES names")
    return code, [(name, str(notification.params[name])) for name in names]


def endpoint() -> tuple[str, str] | None:
    """``SMS_ENDPOINT`` as ``(protocol, host[:port])``, or None for the gateway's own endpoint.
    A bare host name means HTTPS."""
    value = settings.SMS_ENDPOINT.strip()
    if not value:
        return None
    if "://" not in value:
        value = f"https://{value}"
    parts = urlsplit(value)
    return parts.scheme, parts.netloc


def classify(code: str, message: str, *, throttling, retryable, retry_after=None) -> DeliveryError | Rejected:
    """The exception for a gateway's error ``code``: :class:`Throttled` when ``throttling(code)``,
    a retried :class:`DeliveryError` when ``retryable(code)``, else :class:`Rejected`."""
    text = f"{code}: {message}" if message else code
    if throttling(code):
        return Throttled(text, retry_after)
    if retryable(code):
        return DeliveryError(text)
    return Rejected(text)


__all__ = ["Receipt", "classify", "endpoint", "template_for"]
