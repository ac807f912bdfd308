"""Authentication of external systems (12345 hotline, Open311 clients) by API key or HMAC.

HMAC: ``X-Client-Key: <api key>``, ``X-Timestamp: <unix seconds>``,
``X-Signature: hex(HMAC-SHA256(secret, "<timestamp>\\n<raw body>"))``; the timestamp must be
within ``CHANNEL_SIGNATURE_MAX_SKEW`` seconds. Without a signature, ``Authorization: ApiKey <key>``
(or Open311's ``api_key`` parameter) authenticates by the key alone.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings

from core.text import as_int

from . import refcache
from .models import ApiClient


class ChannelAuthError(Exception):
    pass


def client_for_key(key: str | None) -> ApiClient | None:
    """The active client with this key. Served from the per-process cache: a deactivated key
    stops working at once in the process that saved it and within a minute everywhere."""
    if not key:
        return None
    return refcache.api_clients.get().get(ApiClient.hash_key(key))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


def authenticate(request, *, key: str | None = None) -> ApiClient:
    """The ``ApiClient`` behind a request, or ``ChannelAuthError`` with the reason."""
    signature = request.headers.get("X-Signature")
    if signature:
        client = client_for_key(request.headers.get("X-Client-Key"))
        if client is None:
            raise ChannelAuthError("unknown client key")
        timestamp = request.headers.get("X-Timestamp", "")
        seconds = as_int(timestamp)
        if seconds is None or abs(time.time() - seconds) > settings.CHANNEL_SIGNATURE_MAX_SKEW:
            raise ChannelAuthError("timestamp missing or outside the allowed window")
        if not hmac.compare_digest(sign(client.hmac_secret, timestamp, request.body), signature.lower()):
            raise ChannelAuthError("bad signature")
        return client
    header = request.headers.get("Authorization", "")
    if header.startswith("ApiKey "):
        key = header[len("ApiKey ") :].strip()
    client = client_for_key(key)
    if client is None:
        raise ChannelAuthError("missing or invalid api key")
    return client
