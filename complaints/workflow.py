"""The life of a complaint: every transition is one function here.

Each checks the actor's role and scope, locks the row (``select_for_update``), checks the
current status, writes the change and an event in one transaction, and queues notifications
after commit. Two officers acting at once: the second finds the status changed and gets a
clear :class:`WorkflowError`, never a lost update.

    submitted → accepted | rejected | merged
    accepted | reopened → assigned → signed → in_progress → answered
    answered → closed (satisfied, officer, or no feedback in time) | reopened (unsatisfied)
    answered → in_progress (sent back by an officer)
"""

from __future__ import annotations

from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from core.choices import choice_label
from core.errors import InvalidState
from core.inserts import insert_with_children
from notifications import outbox
from projects.models import codes_on_path

from . import feedback_links, messages, permissions, sla, validation
from .choices import (
    OPEN_STATUSES,
    AssigneeKind,
    AttachmentKind,
    Channel,
    EventType,
    Feedback,
    Stage,
    Status,
)
from .models import Attachment, Complaint, ComplaintEvent


class WorkflowError(ValidationError):
    """The transition is not possible now (wrong status, missing reason …)."""


class WrongStatus(InvalidState, WorkflowError):
    """The complaint's status does not allow the transition (someone else may have acted)."""


# --- the transition machinery ------------------------------------------------------------------
def _lock(complaint_id: int) -> Complaint:
    return Complaint.objects.select_for_update(of=("self",)).select_related("assignee_region").get(pk=complaint_id)


def _check_status(complaint: Complaint, allowed, action: str) -> None:
    if complaint.status not in allowed:
        raise WrongStatus(
            _("该投诉当前状态为“%(status)s”，不能%(action)s。可能已被他人处理，请刷新页面。")
            % {"status": complaint.get_status_display(), "action": action}
        )


def _event(complaint, type_, **fields) -> ComplaintEvent:
    event = _new_event(complaint, type_, **fields)
    event.save()
    return event


def _new_event(complaint, type_, *, actor=None, actor_label="", from_status="", note="", public_note=""):
    return ComplaintEvent(
        complaint=complaint,
        type=type_,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label,
        from_status=from_status,
        to_status=complaint.status,
        note=note,
        public_note=public_note,
    )


# --- intake ------------------------------------------------------------------------------------
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
    sla.set_stage(complaint, Stage.ACCEPT)
    event = _new_event(
        complaint, EventType.SUBMITTED, actor=actor, actor_label=actor_label or choice_label(Channel, complaint.channel)
    )
    sms = outbox.build(
        **messages.sms_fields(
            complaint,
            _("您的投诉已提交，查询码 %(code)s，可凭查询码和手机号后四位查询进展。")
            % {"code": complaint.tracking_code},
        )
    )
    # Every channel's intake path: the three rows go in one statement (one round trip, atomic
    # by itself). Photos join them in one transaction; inside a caller's transaction a
    # savepoint keeps a refused insert (a re-pushed ticket) from spoiling the caller's work.
    with transaction.atomic() if images or transaction.get_connection().in_atomic_block else nullcontext():
        insert_with_children(complaint, (event, "complaint"), (sms, "target_id"))
        Attachment.store(complaint, list(images), AttachmentKind.COMPLAINT)
        outbox.schedule(sms)
    return complaint


# --- officer actions ---------------------------------------------------------------------------
def accept(complaint: Complaint, *, actor, note: str = "") -> Complaint:
    permissions.require(permissions.officer_can_act(actor, complaint))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.SUBMITTED}, _("受理"))
        c.status, c.accepted_at = Status.ACCEPTED, timezone.now()
        c.save()
        _event(c, EventType.ACCEPTED, actor=actor, from_status=Status.SUBMITTED, note=note)
    return c


def reject(complaint: Complaint, *, actor, reason: str) -> Complaint:
    """Refuse a complaint (outside the remit, not a property matter …); the reason is shown to the resident."""
    permissions.require(permissions.officer_can_act(actor, complaint))
    if not (reason or "").strip():
        raise WorkflowError(_("不予受理必须填写理由。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.SUBMITTED}, _("不予受理"))
        c.status, c.reject_reason, c.closed_at = Status.REJECTED, reason.strip(), timezone.now()
        sla.set_stage(c, None)
        c.save()
        _event(c, EventType.REJECTED, actor=actor, from_status=Status.SUBMITTED, public_note=c.reject_reason)
        text = _("您的投诉（%(code)s）不予受理：%(reason)s") % {"code": c.tracking_code, "reason": c.reject_reason}
        messages.sms(c, text)
    return c


def merge(complaint: Complaint, *, into: Complaint, actor, note: str = "") -> Complaint:
    """Merge a duplicate into the main complaint; both are kept and linked, and the merged one's
    resident later sees the main one's answer."""
    permissions.require(permissions.officer_can_act(actor, complaint) and permissions.officer_can_act(actor, into))
    if complaint.pk == into.pk:
        raise WorkflowError(_("不能合并到自身。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        main = _lock(into.pk)
        _check_status(c, {Status.SUBMITTED, Status.ACCEPTED}, _("合并"))
        if main.status in {Status.REJECTED, Status.MERGED}:
            raise WorkflowError(_("主投诉已不予受理或已被合并，不能作为合并目标。"))
        previous = c.status
        c.status, c.merged_into, c.closed_at = Status.MERGED, main, timezone.now()
        sla.set_stage(c, None)
        c.save()
        _event(
            c, EventType.MERGED, actor=actor, from_status=previous, note=note,
            public_note=_("与同一问题的工单 %(no)s 合并办理。") % {"no": main.work_order_no},
        )  # fmt: skip
    return c


def route_department(complaint: Complaint) -> Department | None:
    """The department a category belongs to, nearest up the complaint's region tree."""
    kind = complaint.category.department_kind
    if not kind:
        return None
    return (
        Department.objects.filter(kind=kind, region__code__in=codes_on_path(complaint.region_path))
        .select_related("region")
        .order_by("-region__level")
        .first()
    )


def assign(complaint: Complaint, *, actor, to, note: str = "") -> Complaint:
    """Send the work order to an enterprise, a street/community (Region) or a Department."""
    from enterprises.models import Enterprise
    from projects.models import Region

    permissions.require(permissions.officer_can_act(actor, complaint))
    if isinstance(to, Enterprise):
        kind, fields = AssigneeKind.ENTERPRISE, {"assignee_enterprise": to}
    elif isinstance(to, Region):
        if not complaint.region_path.startswith(to.path) or to.level < 3:
            raise WorkflowError(_("只能派给投诉所在的街道或社区。"))
        kind, fields = AssigneeKind.REGION, {"assignee_region": to}
    elif isinstance(to, Department):
        kind, fields = AssigneeKind.DEPARTMENT, {"assignee_department": to}
    else:
        raise WorkflowError(_("请选择承办单位。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.ACCEPTED, Status.REOPENED, Status.ASSIGNED}, _("派单"))
        previous = c.status
        c.assignee_enterprise = c.assignee_region = c.assignee_department = None
        for name, value in fields.items():
            setattr(c, name, value)
        c.assignee_kind, c.status, c.assigned_at = kind, Status.ASSIGNED, timezone.now()
        sla.set_stage(c, Stage.SIGN)
        c.save()
        _event(
            c, EventType.ASSIGNED, actor=actor, from_status=previous, note=note,
            public_note=_("已转交 %(who)s 办理。") % {"who": c.assignee_label},
        )  # fmt: skip
        messages.inbox(
            messages.recipients_of_assignee(c), c, _("新派工单 %(no)s") % {"no": c.work_order_no},
            _("%(project)s：%(text)s") % {"project": c.project.name, "text": c.description[:100]},
        )  # fmt: skip
    return c


def accept_and_assign(complaint: Complaint, *, actor, to, note: str = "") -> Complaint:
    """One click for the officer: accept a new complaint if needed, then assign it."""
    if complaint.status == Status.SUBMITTED:
        complaint = accept(complaint, actor=actor)
    return assign(complaint, actor=actor, to=to, note=note)


def send_back(complaint: Complaint, *, actor, reason: str) -> Complaint:
    """An officer finds the answer insufficient: back to the assignee with a new deadline."""
    permissions.require(permissions.officer_can_act(actor, complaint))
    if not (reason or "").strip():
        raise WorkflowError(_("退回必须填写理由。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.ANSWERED}, _("退回"))
        c.status = Status.IN_PROGRESS
        sla.set_stage(c, Stage.ANSWER)
        c.save()
        _event(c, EventType.SENT_BACK, actor=actor, from_status=Status.ANSWERED, note=reason.strip())
        subject = _("工单 %(no)s 被退回重办") % {"no": c.work_order_no}
        messages.inbox(messages.recipients_of_assignee(c), c, subject, reason.strip())
    return c


def close(complaint: Complaint, *, actor, note: str = "") -> Complaint:
    permissions.require(permissions.officer_can_act(actor, complaint))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.ANSWERED}, _("办结"))
        c.status, c.closed_at = Status.CLOSED, timezone.now()
        sla.set_stage(c, None)
        c.save()
        _event(c, EventType.CLOSED, actor=actor, from_status=Status.ANSWERED, note=note)
    return c


def set_substantiated(complaint: Complaint, *, actor, substantiated: bool, note: str = "") -> Complaint:
    """Mark whether the complaint was found true (属实); only substantiated ones count in scores."""
    permissions.require(permissions.officer_can_act(actor, complaint))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, set(Status.values) - {Status.SUBMITTED, Status.REJECTED, Status.MERGED}, _("认定属实情况"))
        c.substantiated = bool(substantiated)
        c.save(update_fields=["substantiated"])
        label = _("属实") if substantiated else _("不属实")
        _event(c, EventType.SUBSTANTIATED, actor=actor, from_status=c.status, note=f"{label} {note}".strip())
    return c


def reveal_phone(complaint: Complaint, *, actor) -> str:
    """The full number, for the officers handling the complaint; every reveal is recorded."""
    permissions.require(permissions.officer_can_act(actor, complaint))
    _event(complaint, EventType.PHONE_REVEALED, actor=actor, from_status=complaint.status)
    return complaint.complainant_phone


# --- assignee actions --------------------------------------------------------------------------
def sign(complaint: Complaint, *, actor) -> Complaint:
    permissions.require(permissions.assignee_can_act(actor, complaint))
    with transaction.atomic():
        c = _lock(complaint.pk)
        permissions.require(permissions.assignee_can_act(actor, c))  # re-check: it may have been re-assigned meanwhile
        _check_status(c, {Status.ASSIGNED}, _("签收"))
        c.status = Status.SIGNED
        sla.set_stage(c, Stage.ANSWER)
        c.save()
        _event(c, EventType.SIGNED, actor=actor, from_status=Status.ASSIGNED)
    return c


def start(complaint: Complaint, *, actor, note: str = "") -> Complaint:
    permissions.require(permissions.assignee_can_act(actor, complaint))
    with transaction.atomic():
        c = _lock(complaint.pk)
        permissions.require(permissions.assignee_can_act(actor, c))
        _check_status(c, {Status.SIGNED}, _("开始处理"))
        c.status = Status.IN_PROGRESS
        c.save()
        _event(c, EventType.STARTED, actor=actor, from_status=Status.SIGNED, note=note)
    return c


def answer(complaint: Complaint, *, actor, text: str, images=()) -> Complaint:
    """Answer the resident (text and photos); merged duplicates get the same answer."""
    permissions.require(permissions.assignee_can_act(actor, complaint))
    if not (text or "").strip():
        raise WorkflowError(_("答复内容不能为空。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        permissions.require(permissions.assignee_can_act(actor, c))
        _check_status(c, {Status.SIGNED, Status.IN_PROGRESS}, _("答复"))
        previous = c.status
        c.status, c.answer, c.answered_at = Status.ANSWERED, text.strip(), timezone.now()
        sla.set_stage(c, None)
        c.save()
        Attachment.store(c, list(images), AttachmentKind.ANSWER)
        _event(c, EventType.ANSWERED, actor=actor, from_status=previous, public_note=c.answer)
        messages.sms(c, feedback_links.answer_sms(c))
        for merged in c.merged.all():
            messages.sms(merged, _("您的投诉（%(code)s）已答复，请凭查询码查看。") % {"code": merged.tracking_code})
    return c


# --- resident actions --------------------------------------------------------------------------
def record_feedback(complaint: Complaint, *, rating: str, comment: str = "") -> Complaint:
    """The resident rates the answer: satisfied or basically satisfied closes, unsatisfied reopens."""
    if rating not in Feedback.values:
        raise WorkflowError(_("请选择评价。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.ANSWERED}, _("评价"))
        c.feedback, c.feedback_comment, c.feedback_at = rating, comment.strip(), timezone.now()
        label = Feedback(rating).label
        if rating == Feedback.UNSATISFIED:
            c.status = Status.REOPENED
            sla.set_stage(c, Stage.ACCEPT)
            c.save()
            _event(
                c,
                EventType.FEEDBACK,
                actor_label=_("居民"),
                from_status=Status.ANSWERED,
                public_note=f"{label} {comment}".strip(),
            )
            _event(c, EventType.REOPENED, actor_label=_("系统"), from_status=Status.ANSWERED)
            subject = _("工单 %(no)s 居民不满意，已重新办理") % {"no": c.work_order_no}
            officers = User.objects.filter(is_active=True, region__in=messages.officer_regions(c))
            messages.inbox(officers, c, subject, comment or label)
            messages.inbox(messages.recipients_of_assignee(c), c, subject, comment or label)  # who answered
        else:
            c.status, c.closed_at = Status.CLOSED, timezone.now()
            c.save()
            _event(
                c,
                EventType.FEEDBACK,
                actor_label=_("居民"),
                from_status=Status.ANSWERED,
                public_note=f"{label} {comment}".strip(),
            )
            _event(c, EventType.CLOSED, actor_label=_("系统"), from_status=Status.ANSWERED)
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
        messages.sms(complaint, feedback_links.answer_sms(complaint))


def supplement(complaint: Complaint, *, text: str = "", images=()) -> Complaint:
    """The resident adds details or photos while the complaint is open."""
    images = list(images)
    if not (text or "").strip() and not images:
        raise WorkflowError(_("请填写补充内容或上传照片。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, OPEN_STATUSES, _("补充材料"))
        Attachment.store(c, images, AttachmentKind.SUPPLEMENT)
        _event(c, EventType.SUPPLEMENTED, actor_label=_("居民"), from_status=c.status, public_note=(text or "").strip())
    return c
