"""The resident's rating link: how the portal knows a rating comes from the resident.

Rating the answer decides whether a complaint closes or reopens, so it must come from the person
who complained, not from the enterprise or department that answered (nor from staff). When a
complaint is answered, the resident's phone receives an SMS with a rating link: a token signed
with the portal's secret key (an HMAC over the complaint and the moment it was answered). Nobody
else receives it and nobody can forge it; it works while that answer awaits its rating, so it is
spent by the rating, by a new answer, or by the automatic close. A resident who lost the SMS asks
for it again from the tracking page (sent to the same phone, rate-limited).
"""

from __future__ import annotations

import base64
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.text import as_id

from .choices import Status
from .models import Complaint

SALT = "complaints.feedback-link"
MAC_LENGTH = 20  # base64 characters of the HMAC: 120 bits, short enough for an SMS


def feedback_token(complaint: Complaint) -> str:
    """The rating link's token for the complaint's current answer: ``<id>-<mac>``."""
    return f"{complaint.pk}-{_mac(complaint)}"


def _mac(complaint: Complaint) -> str:
    digest = salted_hmac(SALT, f"{complaint.pk}:{complaint.answered_at.isoformat()}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode()[:MAC_LENGTH]


def feedback_link(complaint: Complaint) -> str:
    """The absolute rating link the SMS carries."""
    path = reverse("complaints_public:rate", args=[feedback_token(complaint)])
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def complaint_for_feedback(token: str) -> Complaint | None:
    """The complaint whose current answer the token may rate, or None (forged, expired, spent)."""
    raw_pk, _sep, mac = str(token).partition("-")
    pk = as_id(raw_pk)
    if pk is None or len(mac) != MAC_LENGTH:
        return None
    complaint = Complaint.objects.select_related("project", "category").filter(pk=pk, status=Status.ANSWERED).first()
    if complaint is None or complaint.answered_at is None or not constant_time_compare(mac, _mac(complaint)):
        return None
    if timezone.now() - complaint.answered_at > timedelta(days=settings.FEEDBACK_LINK_DAYS):
        return None
    return complaint


def link_params(complaint: Complaint) -> dict:
    """The answer SMS's parameters: the rating ``link``, and its ``token`` for a gateway template
    that holds the address itself (Tencent Cloud refuses links in parameters)."""
    return {"link": feedback_link(complaint), "token": feedback_token(complaint)}
