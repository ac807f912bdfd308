"""A new complaint: submitted through any channel, then accepted, rejected or merged into the
complaint it duplicates; and the officers' look at the complainant's number."""

from __future__ import annotations

from contextlib import nullcontext

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.inserts import insert_with_children
from core.permissions import require
from notifications import outbox
from notifications.choices import SmsKind

from .. import messages, sla, validation
from ..choices import AttachmentKind, EventType, Stage, Status
from ..models import Attachment, Complaint
from .base import WorkflowError, add_event, check_status, lock, new_event


def submit(complaint: Complaint, *, actor=None, actor_label="", images=()) -> Complaint:
    """Save a new complaint with its photos, start the acceptance deadline, tell the resident.

    ``complaint`` is an unsaved instance with project, category, description, channel and
    contact filled in; the enterprise and region are taken from the project now.
    """
    complaint.description = validation.clean_description(complaint.description)
    project = complaint.project
    complaint.enterprise_id = project.enterprise_id
    complaint.region_id = project.region_id
    complaint.region_path = project.region.path
    complaint.status = Status.SUBMITTED
    if actor is not None and actor.is_authenticated:
        complaint.created_by = actor
    stage = sla.set_stage(complaint, Stage.ACCEPT)
    event = new_event(
        complaint, EventType.SUBMITTED, actor=actor, actor_label=actor_label, params={"channel": complaint.channel}
    )
    sms = outbox.build(**messages.sms_fields(complaint, SmsKind.COMPLAINT_SUBMITTED))
    # Every channel's intake path: the three rows go in one statement (one round trip, atomic
    # by itself). Photos join them in one transaction; inside a caller's transaction a
    # savepoint keeps a refused insert (a re-pushed ticket) from spoiling the caller's work.
    with transaction.atomic() if images or transaction.get_connection().in_atomic_block else nullcontext():
        insert_with_children(complaint, (event, "complaint"), (stage, "complaint"), (sms, "target_id"))
        Attachment.store(images, complaint=complaint, kind=AttachmentKind.COMPLAINT)
        outbox.schedule(sms)
    return complaint


def accept(complaint: Complaint, *, actor, note: str = "") -> Complaint:
    require(actor, "complaints.accept", complaint)
    with transaction.atomic():
        c = lock(complaint.pk)
        check_status(c, {Status.SUBMITTED}, pgettext("complaint action", "受理"))
        c.status, c.accepted_at = Status.ACCEPTED, timezone.now()
        c.save()
        add_event(c, EventType.ACCEPTED, actor=actor, from_status=Status.SUBMITTED, note=note)
    return c


def reject(complaint: Complaint, *, actor, reason: str) -> Complaint:
    """Refuse a complaint (outside the remit, not a property matter …); the reason is shown to the resident."""
    require(actor, "complaints.reject", complaint)
    if not (reason or "").strip():
        raise WorkflowError(_("不予受理必须填写理由。"))
    with transaction.atomic():
        c = lock(complaint.pk)
        check_status(c, {Status.SUBMITTED}, pgettext("complaint action", "不予受理"))
        c.status, c.reject_reason, c.closed_at = Status.REJECTED, reason.strip(), timezone.now()
        sla.set_stage(c, None)
        c.save()
        add_event(c, EventType.REJECTED, actor=actor, from_status=Status.SUBMITTED, public_note=c.reject_reason)
        messages.sms(c, SmsKind.COMPLAINT_REJECTED, reason=c.reject_reason)
    return c


def merge(complaint: Complaint, *, into: Complaint, actor, note: str = "") -> Complaint:
    """Merge a duplicate into the main complaint; both are kept and linked, and the merged one's
    resident later sees the main one's answer."""
    require(actor, "complaints.merge", complaint)
    require(actor, "complaints.merge", into)
    if complaint.pk == into.pk:
        raise WorkflowError(_("不能合并到自身。"))
    with transaction.atomic():
        c = lock(complaint.pk)
        main = lock(into.pk)
        check_status(c, {Status.SUBMITTED, Status.ACCEPTED}, pgettext("complaint action", "合并"))
        if main.status in {Status.REJECTED, Status.MERGED}:
            raise WorkflowError(_("主投诉已不予受理或已被合并，不能作为合并目标。"))
        previous = c.status
        c.status, c.merged_into, c.closed_at = Status.MERGED, main, timezone.now()
        sla.set_stage(c, None)
        c.save()
        add_event(c, EventType.MERGED, actor=actor, from_status=previous, note=note, params={"no": main.work_order_no})
    return c


def reveal_phone(complaint: Complaint, *, actor) -> str:
    """The full number, for the officers handling the complaint; every reveal is recorded."""
    require(actor, "complaints.reveal_phone", complaint)
    add_event(complaint, EventType.PHONE_REVEALED, actor=actor, from_status=complaint.status)
    return complaint.complainant_phone
