"""Owners sign in with their phone and an SMS code, matched against the roll.

An owner is not a staff ``User``: owners have no password and no account to manage, and being
one changes with the register (a unit sold, a phone corrected). So an owner's session is its
own key in the Django session (``request.session["owner"]``, stored server-side and bound to the
session cookie): the ids of the owners matched (one per project where the person is on the roll),
a keyed hash of the phone they signed in with, and when the session was last used. Staff sign-in
(``request.user``) and owner sign-in are independent; an owner is never ``request.user``.

Each request re-reads the owners (:func:`current_owners`): an owner taken off the roll, or whose
phone was corrected, is signed out at once, and the session ends after
``OWNER_SESSION_MINUTES`` without a request. Views for owners take :func:`owner_required`,
which puts the owners on ``request.owners`` and sends everyone else to the sign-in page.

Signing in is two steps: the phone and the last six characters of the ID number (a code is sent
only when both match an owner on the roll, and the page says the same whether they did or not:
the page does not tell whether someone is an owner), then the code. Codes are kept as keyed
hashes, work once, for a few minutes and a few tries.
"""

from __future__ import annotations

import functools
import re
import secrets
import time
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.audit import record
from core.choices import AuditAction

from . import identity, messages
from .models import Owner, SignInCode

SESSION_KEY = "owner"
PENDING_KEY = "owner_pending_phone"
CODE_DIGITS = 6
ID_TAIL = re.compile(r"[0-9A-Z]{6}", re.ASCII)


def check_id_tail(raw) -> str:
    """The last six characters of an ID number as typed (ASCII digits or letters)."""
    text = str(raw if raw is not None else "").strip().upper()
    if not ID_TAIL.fullmatch(text):
        raise ValidationError(_("请输入证件号码的后六位（半角数字或字母）。"), code="id_tail")
    return text


def _code_hash(phone: str, code: str) -> str:
    return identity.keyed_hash("sign-in-code", f"{phone}:{code}")


def request_code(phone: str, id_tail: str) -> bool:
    """Send a code to ``phone`` if it and ``id_tail`` match an owner on the roll; returns whether
    one was sent (the page must not say: see the module docstring)."""
    phone, id_tail = identity.check_mobile(phone), check_id_tail(id_tail)
    owner_ids = list(
        Owner.objects.filter(phone=phone, id_tail_hash=identity.tail_hash(id_tail)).values_list("pk", flat=True)
    )
    if not owner_ids:
        return False
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        SignInCode.objects.create(
            phone_hash=identity.phone_hash(phone),
            code_hash=_code_hash(phone, code),
            owner_ids=owner_ids,
            expires_at=timezone.now() + timedelta(minutes=settings.OWNER_CODE_MINUTES),
        )
        messages.sign_in_code(phone, code)
    return True


def verify_code(phone: str, code: str) -> list[int] | None:
    """The owners a valid, unused code for ``phone`` was sent for; ``None`` otherwise. Each try
    uses up one of the code's attempts (claimed with one conditional UPDATE, so parallel tries
    cannot exceed them); the right code is used up by the first try that claims it."""
    code = str(code or "").strip()
    if not (len(code) == CODE_DIGITS and code.isascii() and code.isdigit()):
        return None
    now = timezone.now()
    latest = (
        SignInCode.objects.filter(phone_hash=identity.phone_hash(phone), used_at=None, expires_at__gt=now)
        .order_by("-created")
        .first()
    )
    if latest is None:
        return None
    tried = SignInCode.objects.filter(pk=latest.pk, used_at=None, attempts__lt=settings.OWNER_CODE_ATTEMPTS).update(
        attempts=F("attempts") + 1
    )
    if tried != 1 or not secrets.compare_digest(latest.code_hash, _code_hash(phone, code)):
        return None
    if SignInCode.objects.filter(pk=latest.pk, used_at=None).update(used_at=now) != 1:
        return None
    return list(latest.owner_ids)


def start_session(request, phone: str, owner_ids: list[int]) -> None:
    """Sign the owners in on this browser (a new session key: no fixation) and audit it."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"ids": owner_ids, "phone": identity.phone_hash(phone), "seen": int(time.time())}
    request.session.pop(PENDING_KEY, None)
    record(
        AuditAction.OWNER_SIGNED_IN,
        request=request,
        actor=None,
        username="owner",
        object_repr=identity.mask_phone(phone),
        owners=owner_ids,
    )


def end_session(request) -> None:
    request.session.pop(SESSION_KEY, None)


def current_owners(request) -> list[Owner]:
    """The owners signed in on this request's session, still on the roll with the same phone;
    ``[]`` (and the session's owner key dropped) when there are none or it has expired."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return []
    now = int(time.time())
    if now - int(data.get("seen", 0)) > settings.OWNER_SESSION_MINUTES * 60:
        end_session(request)
        return []
    owners = [
        o
        for o in Owner.objects.filter(pk__in=data.get("ids", [])).select_related("project")
        if o.phone and secrets.compare_digest(identity.phone_hash(o.phone), data.get("phone", ""))
    ]
    if not owners:
        end_session(request)
        return []
    if now - data["seen"] > 60:  # renew at most once a minute: a session write per page is waste
        request.session[SESSION_KEY] = {**data, "seen": now}
    return owners


def owner_required(view):
    """For owners' pages: ``request.owners`` holds the signed-in owners; anyone else goes to the
    sign-in page, and comes back here after it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        owners = current_owners(request)
        if not owners:
            return redirect(f"{reverse('owners_public:sign_in')}?{urlencode({'next': request.get_full_path()})}")
        request.owners = owners
        request.owner_ids = [o.pk for o in owners]
        return view(request, *args, **kwargs)

    return wrapper


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default
