"""What the resident does after submitting: rate the answer (on the tracking page or through the
link their phone received), say it is not fixed after closing, add details while it is open."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from core.text import NOTE_MAX
from notifications.choices import InboxKind, SmsKind

from .. import feedback_links, messages, sla
from ..choices import OPEN_STATUSES, AttachmentKind, EventType, Feedback, Outcome, Stage, Status
from ..models import Attachment, Complaint
from .base import RESIDENT, SYSTEM, WorkflowError, WrongStatus, add_event, check_status, lock

# How long after closing (by an officer, the resident's rating or the no-feedback sweep) the
# resident may still say the problem is not fixed and have the complaint handled again.
REOPEN_WINDOW_DAYS = 15


def record_feedback(complaint: Complaint, *, rating: str, comment: str = "") -> Complaint:
    """The resident rates the answer: satisfied or basically satisfied closes, unsatisfied reopens."""
    if rating not in Feedback.values:
        raise WorkflowError(_("请选择评价。"))
    with transaction.atomic():
        c = lock(complaint.pk)
        check_status(c, {Status.ANSWERED}, pgettext("complaint action", "评价"))
        c.feedback, c.feedback_comment, c.feedback_at = rating, comment.strip(), timezone.now()
        # The rating itself changes no status: the reopening or closing event that follows does,
        # so the timeline shows the move once.
        add_event(
            c,
            EventType.FEEDBACK,
            actor_label=RESIDENT,
            from_status=Status.ANSWERED,
            to_status=Status.ANSWERED,
            public_note=c.feedback_comment,
            params={"rating": rating},
        )
        if rating == Feedback.UNSATISFIED:
            _reopen(c, kind=InboxKind.WORK_ORDER_UNSATISFIED, reason=c.feedback_comment, actor_label=SYSTEM)
        else:
            c.status, c.closed_at, c.outcome = Status.CLOSED, timezone.now(), Outcome.RESOLVED
            c.save()
            add_event(
                c, EventType.CLOSED, actor_label=SYSTEM, from_status=Status.ANSWERED, params={"outcome": c.outcome}
            )
    return c


def _reopen(c: Complaint, *, kind: InboxKind, reason: str, actor_label: str, public_note: str = "") -> None:
    """Handle a locked complaint again from acceptance, and tell the supervising officers and
    whoever answered it (the enterprise, street or department)."""
    previous = c.status
    c.status, c.closed_at = Status.REOPENED, None
    c.outcome, c.remit_body, c.remit_contact = "", "", ""
    sla.set_stage(c, Stage.ACCEPT)
    c.save()
    add_event(c, EventType.REOPENED, actor_label=actor_label, from_status=previous, public_note=public_note)
    officers = User.objects.filter(is_active=True, region__in=messages.officer_regions(c))
    messages.inbox(officers, c, kind, note=reason)
    messages.inbox(messages.recipients_of_assignee(c), c, kind, note=reason)  # who answered


def reopen_deadline(complaint: Complaint) -> dt.datetime | None:
    """Until when the resident may reopen a closed complaint; None when it is not closed."""
    if complaint.status != Status.CLOSED or complaint.closed_at is None:
        return None
    return complaint.closed_at + dt.timedelta(days=REOPEN_WINDOW_DAYS)


def can_reopen(complaint: Complaint, now=None) -> bool:
    """Whether the resident may still say "not fixed": closed less than the window ago."""
    deadline = reopen_deadline(complaint)
    return deadline is not None and (now or timezone.now()) <= deadline


def reopen(complaint: Complaint, *, reason: str, now=None) -> Complaint:
    """The resident says the problem is not fixed, within REOPEN_WINDOW_DAYS of closing (by an
    officer, a rating or the no-feedback sweep): the complaint is handled again."""
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("请说明问题哪里没有解决。"), code="reason")
    if len(reason) > NOTE_MAX:
        raise WorkflowError(_("内容不能超过 %(n)d 个字。") % {"n": NOTE_MAX}, code="max_length")
    with transaction.atomic():
        c = lock(complaint.pk)
        check_status(c, {Status.CLOSED}, pgettext("complaint action", "申请重新办理"))
        if not can_reopen(c, now):
            raise WorkflowError(
                _("该投诉办结已超过 %(days)d 天，不能再申请重新办理。如问题仍未解决，请重新提交投诉。")
                % {"days": REOPEN_WINDOW_DAYS},
                code="window",
            )
        _reopen(c, kind=InboxKind.WORK_ORDER_REOPENED, reason=reason, actor_label=RESIDENT, public_note=reason)
    return c


def rate_by_link(token: str, *, rating: str, comment: str = "") -> Complaint:
    """The resident rates through the link their phone received (:mod:`complaints.feedback_links`);
    a forged, expired or spent link is refused."""
    complaint = feedback_links.complaint_for_feedback(token)
    if complaint is None:
        raise WorkflowError(_("评价链接无效或已使用，请在查询页面重新获取。"), code="link")
    return record_feedback(complaint, rating=rating, comment=comment)


def resend_feedback_link(complaint: Complaint) -> None:
    """Send the rating link again, to the complainant's phone only."""
    if complaint.status != Status.ANSWERED:
        raise WrongStatus(_("该投诉当前不需要评价。"))
    with transaction.atomic():
        messages.sms(complaint, SmsKind.COMPLAINT_ANSWERED, **feedback_links.link_params(complaint))


def supplement(complaint: Complaint, *, text: str = "", images=()) -> Complaint:
    """The resident adds details or photos while the complaint is open."""
    images = list(images)
    if not (text or "").strip() and not images:
        raise WorkflowError(_("请填写补充内容或上传照片。"))
    with transaction.atomic():
        c = lock(complaint.pk)
        check_status(c, OPEN_STATUSES, pgettext("complaint action", "补充材料"))
        Attachment.store(images, complaint=c, kind=AttachmentKind.SUPPLEMENT)
        add_event(
            c, EventType.SUPPLEMENTED, actor_label=RESIDENT, from_status=c.status, public_note=(text or "").strip()
        )
    return c
