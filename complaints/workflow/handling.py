"""The assignee's work — sign, start, answer — and the officer's review of the answer: sent
back, or closed with its outcome; whether the complaint was substantiated."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.permissions import require
from notifications.choices import InboxKind, SmsKind

from .. import feedback_links, messages, sla
from ..choices import AttachmentKind, EventType, Outcome, Stage, Status
from ..models import Attachment, Complaint
from .base import WorkflowError, add_event, check_status, lock


def sign(complaint: Complaint, *, actor) -> Complaint:
    require(actor, "complaints.sign", complaint)
    with transaction.atomic():
        c = lock(complaint.pk)
        require(actor, "complaints.sign", c)  # re-check: it may have been re-assigned meanwhile
        check_status(c, {Status.ASSIGNED}, pgettext("complaint action", "签收"))
        c.status = Status.SIGNED
        sla.set_stage(c, Stage.ANSWER)
        c.save()
        add_event(c, EventType.SIGNED, actor=actor, from_status=Status.ASSIGNED)
    return c


def start(complaint: Complaint, *, actor, note: str = "") -> Complaint:
    require(actor, "complaints.start", complaint)
    with transaction.atomic():
        c = lock(complaint.pk)
        require(actor, "complaints.start", c)
        check_status(c, {Status.SIGNED}, pgettext("complaint action", "开始处理"))
        c.status = Status.IN_PROGRESS
        c.save()
        add_event(c, EventType.STARTED, actor=actor, from_status=Status.SIGNED, note=note)
    return c


def answer(complaint: Complaint, *, actor, text: str, images=()) -> Complaint:
    """Answer the resident (text and photos); merged duplicates get the same answer."""
    require(actor, "complaints.answer", complaint)
    if not (text or "").strip():
        raise WorkflowError(_("答复内容不能为空。"))
    with transaction.atomic():
        c = lock(complaint.pk)
        require(actor, "complaints.answer", c)
        check_status(c, {Status.SIGNED, Status.IN_PROGRESS}, pgettext("complaint action", "答复"))
        previous = c.status
        c.status, c.answer, c.answered_at = Status.ANSWERED, text.strip(), timezone.now()
        sla.set_stage(c, None)
        c.save()
        Attachment.store(images, complaint=c, kind=AttachmentKind.ANSWER)
        add_event(c, EventType.ANSWERED, actor=actor, from_status=previous, public_note=c.answer)
        messages.sms(c, SmsKind.COMPLAINT_ANSWERED, **feedback_links.link_params(c))
        for merged in c.merged.all():
            messages.sms(merged, SmsKind.MERGED_ANSWERED)
    return c


def send_back(complaint: Complaint, *, actor, reason: str) -> Complaint:
    """An officer finds the answer insufficient: back to the assignee with a new deadline."""
    require(actor, "complaints.send_back", complaint)
    if not (reason or "").strip():
        raise WorkflowError(_("退回必须填写理由。"))
    with transaction.atomic():
        c = lock(complaint.pk)
        check_status(c, {Status.ANSWERED}, pgettext("complaint action", "退回"))
        c.status = Status.IN_PROGRESS
        sla.set_stage(c, Stage.ANSWER)
        c.save()
        add_event(c, EventType.SENT_BACK, actor=actor, from_status=Status.ANSWERED, note=reason.strip())
        messages.inbox(messages.recipients_of_assignee(c), c, InboxKind.WORK_ORDER_SENT_BACK, note=reason.strip())
    return c


def check_outcome(outcome: str, remit_body: str = "", remit_contact: str = "") -> tuple[str, str, str]:
    """The outcome of closing, cleaned: a known outcome; outside the remit, the body the matter
    belongs to and how the resident reaches it (both required, kept only for that outcome)."""
    if outcome not in Outcome.values:
        raise WorkflowError(_("请选择办理结果。"), code="outcome")
    body, contact = (remit_body or "").strip(), (remit_contact or "").strip()
    if outcome != Outcome.OUT_OF_REMIT:
        return outcome, "", ""
    errors = []
    if not body:
        errors.append(ValidationError(_("不属于住建部门职责时，请填写职责单位"), code="remit_body"))
    if not contact:
        errors.append(ValidationError(_("请填写职责单位的联系方式（电话或地址）"), code="remit_contact"))
    if errors:
        raise WorkflowError(errors)
    if len(body) > 100 or len(contact) > 200:
        raise WorkflowError(_("职责单位不超过 100 字，联系方式不超过 200 字。"), code="max_length")
    return outcome, body, contact


def close(
    complaint: Complaint,
    *,
    actor,
    outcome: str = Outcome.RESOLVED,
    remit_body: str = "",
    remit_contact: str = "",
    note: str = "",
) -> Complaint:
    """The officer closes an answered complaint with its outcome, which the resident sees:
    resolved, not substantiated (marks it so), or outside the bureau's remit (with the body it
    belongs to and how to reach it)."""
    require(actor, "complaints.close", complaint)
    outcome, body, contact = check_outcome(outcome, remit_body, remit_contact)
    with transaction.atomic():
        c = lock(complaint.pk)
        check_status(c, {Status.ANSWERED}, pgettext("complaint action", "办结"))
        c.status, c.closed_at = Status.CLOSED, timezone.now()
        c.outcome, c.remit_body, c.remit_contact = outcome, body, contact
        if outcome == Outcome.NOT_SUBSTANTIATED:
            c.substantiated = False
        sla.set_stage(c, None)
        c.save()
        params = {"outcome": outcome, **({"body": body, "contact": contact} if body else {})}
        add_event(c, EventType.CLOSED, actor=actor, from_status=Status.ANSWERED, note=note, params=params)
        messages.sms(c, SmsKind.COMPLAINT_CLOSED)
    return c


def set_substantiated(complaint: Complaint, *, actor, substantiated: bool, note: str = "") -> Complaint:
    """Mark whether the complaint was found true (属实); only substantiated ones count in scores."""
    require(actor, "complaints.substantiate", complaint)
    with transaction.atomic():
        c = lock(complaint.pk)
        marked = set(Status.values) - {Status.SUBMITTED, Status.REJECTED, Status.MERGED}
        check_status(c, marked, pgettext("complaint action", "认定属实情况"))
        c.substantiated = bool(substantiated)
        c.save(update_fields=["substantiated"])
        params = {"substantiated": bool(substantiated)}
        add_event(c, EventType.SUBSTANTIATED, actor=actor, from_status=c.status, note=note.strip(), params=params)
    return c
