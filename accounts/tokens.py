"""API tokens (DRF authtoken): they expire, can be revoked, and leave an audit trail like logins.

A token is valid ``API_TOKEN_TTL_HOURS`` after it was issued; an expired one is deleted when it
is next presented. Issuing and revoking are recorded every time; use is recorded at most once
per token per hour (``USE_RECORD_INTERVAL``), so the audit log shows who used the API when and
from where without a row for every request.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token

from core.audit import record
from core.choices import AuditAction

USE_RECORD_INTERVAL = 3600  # seconds

log = logging.getLogger(__name__)


def expires_at(token: Token) -> dt.datetime:
    return token.created + dt.timedelta(hours=settings.API_TOKEN_TTL_HOURS)


def is_expired(token: Token, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= expires_at(token)


def issue(user, *, request=None) -> Token:
    """The user's valid token, or a new one in place of an expired one; recorded each time."""
    token, created = Token.objects.get_or_create(user=user)
    if not created and is_expired(token):
        Token.objects.filter(pk=token.pk).delete()
        token, created = Token.objects.get_or_create(user=user)
    record(AuditAction.TOKEN_CREATED, request=request, actor=user, new=created, expires=expires_at(token).isoformat())
    return token


def revoke(user, *, request=None) -> bool:
    """Delete the user's token; True if there was one (recorded)."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        record(AuditAction.TOKEN_REVOKED, request=request, actor=user)
    return bool(deleted)


def check(token: Token, *, request=None) -> bool:
    """Whether a presented token may be used now: an expired one is deleted (and recorded),
    a valid one's use is recorded at most once per ``USE_RECORD_INTERVAL``."""
    if is_expired(token):
        if Token.objects.filter(pk=token.pk).delete()[0]:
            record(AuditAction.TOKEN_EXPIRED, request=request, actor=token.user)
        return False
    if _first_use_in_interval(token):
        record(AuditAction.TOKEN_USED, request=request, actor=token.user)
    return True


def _first_use_in_interval(token: Token) -> bool:
    # cache.add is atomic and shared by every web process; the key names the token by its
    # owner and issue time, never by the secret itself.
    key = f"api-token-used:{token.user_id}:{token.created.timestamp():.6f}"
    try:
        return cache.add(key, 1, timeout=USE_RECORD_INTERVAL)
    except Exception:  # the cache is down: better a row too many than a use unrecorded
        log.warning("cache unavailable, recording API token use", exc_info=True)
        return True
