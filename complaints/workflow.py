"""The life of a complaint: every transition is one function here.

Each checks the actor's role and scope, locks the row (``select_for_update``), checks the
current status, writes the change and an event in one transaction, and queues notifications
after commit. Two officers acting at once: the second finds the status changed and gets a
clear :class:`WorkflowError`, never a lost update.

    submitted → accepted | rejected | merged
    accepted | reopened → assigned → signed → in_progress → answered
    answered → closed (satisfied, officer, or no feedback in time) | reopened (unsatisfied)
    answered → in_progress (sent back by an officer)
    closed → reopened (the resident: not fixed, within REOPEN_WINDOW_DAYS of closing)

Events store codes and names in ``params`` (shown through the kind's text, in the reader's
language) and people's own words in ``note`` / ``public_note``; fixed actor labels are stored
untranslated (``gettext_noop``) and translated when shown.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from accounts.models import Department, User
from core.errors import InvalidState
from core.inserts import insert_with_children
from core.permissions import require
from core.text import NOTE_MAX
from notifications import outbox
from regions.choices import RegionLevel
from regions.models import codes_on_path

from . import feedback_links, messages, sla, validation
from .choices import (
    OPEN_STATUSES,
    AssigneeKind,
    AttachmentKind,
    EventType,
    Feedback,
    Outcome,
    Stage,
    Status,
)
from .models import Attachment, Complaint, ComplaintEvent

# Fixed actor labels, stored in Chinese and shown in the reader's language.
SYSTEM = gettext_noop("系统")
RESIDENT = gettext_noop("居民")

# How long after closing (by an officer, the resident's rating or the no-feedback sweep) the
# resident may still say the problem is not fixed and have the complaint handled again.
REOPEN_WINDOW_DAYS = 15


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


def _new_event(
    complaint, type_, *, actor=None, actor_label="", from_status="", note="", public_note="", params=None, to_status=""
):
    return ComplaintEvent(
        complaint=complaint,
        type=type_,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label,
        from_status=from_status,
        to_status=to_status or complaint.status,
        note=note,
        public_note=public_note,
        params=params or {},
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
    stage = sla.set_stage(complaint, Stage.ACCEPT)
    event = _new_event(
        complaint, EventType.SUBMITTED, actor=actor, actor_label=actor_label, params={"channel": complaint.channel}
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
        insert_with_children(complaint, (event, "complaint"), (stage, "complaint"), (sms, "target_id"))
        Attachment.store(complaint, list(images), AttachmentKind.COMPLAINT)
        outbox.schedule(sms)
    return complaint


# --- officer actions ---------------------------------------------------------------------------
def accept(complaint: Complaint, *, actor, note: str = "") -> Complaint:
    require(actor, "complaints.accept", complaint)
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.SUBMITTED}, pgettext("complaint action", "受理"))
        c.status, c.accepted_at = Status.ACCEPTED, timezone.now()
        c.save()
        _event(c, EventType.ACCEPTED, actor=actor, from_status=Status.SUBMITTED, note=note)
    return c


def reject(complaint: Complaint, *, actor, reason: str) -> Complaint:
    """Refuse a complaint (outside the remit, not a property matter …); the reason is shown to the resident."""
    require(actor, "complaints.reject", complaint)
    if not (reason or "").strip():
        raise WorkflowError(_("不予受理必须填写理由。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.SUBMITTED}, pgettext("complaint action", "不予受理"))
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
    require(actor, "complaints.merge", complaint)
    require(actor, "complaints.merge", into)
    if complaint.pk == into.pk:
        raise WorkflowError(_("不能合并到自身。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        main = _lock(into.pk)
        _check_status(c, {Status.SUBMITTED, Status.ACCEPTED}, pgettext("complaint action", "合并"))
        if main.status in {Status.REJECTED, Status.MERGED}:
            raise WorkflowError(_("主投诉已不予受理或已被合并，不能作为合并目标。"))
        previous = c.status
        c.status, c.merged_into, c.closed_at = Status.MERGED, main, timezone.now()
        sla.set_stage(c, None)
        c.save()
        _event(c, EventType.MERGED, actor=actor, from_status=previous, note=note, params={"no": main.work_order_no})
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
    from regions.models import Region

    require(actor, "complaints.assign", complaint)
    if isinstance(to, Enterprise):
        kind, fields = AssigneeKind.ENTERPRISE, {"assignee_enterprise": to}
    elif isinstance(to, Region):
        if not complaint.region_path.startswith(to.path) or to.level < RegionLevel.STREET:
            raise WorkflowError(_("只能派给投诉所在的街道或社区。"))
        kind, fields = AssigneeKind.REGION, {"assignee_region": to}
    elif isinstance(to, Department):
        kind, fields = AssigneeKind.DEPARTMENT, {"assignee_department": to}
    else:
        raise WorkflowError(_("请选择承办单位。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.ACCEPTED, Status.REOPENED, Status.ASSIGNED}, pgettext("complaint action", "派单"))
        previous = c.status
        c.assignee_enterprise = c.assignee_region = c.assignee_department = None
        for name, value in fields.items():
            setattr(c, name, value)
        c.assignee_kind, c.status, c.assigned_at = kind, Status.ASSIGNED, timezone.now()
        # Re-assigned before it was signed: the first assignee's stage is superseded, not completed.
        sla.set_stage(c, Stage.SIGN, superseded=previous == Status.ASSIGNED)
        c.save()
        _event(c, EventType.ASSIGNED, actor=actor, from_status=previous, note=note, params={"who": c.assignee_label})
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
    require(actor, "complaints.send_back", complaint)
    if not (reason or "").strip():
        raise WorkflowError(_("退回必须填写理由。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.ANSWERED}, pgettext("complaint action", "退回"))
        c.status = Status.IN_PROGRESS
        sla.set_stage(c, Stage.ANSWER)
        c.save()
        _event(c, EventType.SENT_BACK, actor=actor, from_status=Status.ANSWERED, note=reason.strip())
        subject = _("工单 %(no)s 被退回重办") % {"no": c.work_order_no}
        messages.inbox(messages.recipients_of_assignee(c), c, subject, reason.strip())
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
    complaint: Complaint, *, actor, outcome: str = Outcome.RESOLVED, remit_body: str = "", remit_contact: str = "",
    note: str = "",
) -> Complaint:  # fmt: skip
    """The officer closes an answered complaint with its outcome, which the resident sees:
    resolved, not substantiated (marks it so), or outside the bureau's remit (with the body it
    belongs to and how to reach it)."""
    require(actor, "complaints.close", complaint)
    outcome, body, contact = check_outcome(outcome, remit_body, remit_contact)
    with transaction.atomic():
        c = _lock(complaint.pk)
        _check_status(c, {Status.ANSWERED}, pgettext("complaint action", "办结"))
        c.status, c.closed_at = Status.CLOSED, timezone.now()
        c.outcome, c.remit_body, c.remit_contact = outcome, body, contact
        if outcome == Outcome.NOT_SUBSTANTIATED:
            c.substantiated = False
        sla.set_stage(c, None)
        c.save()
        params = {"outcome": outcome, **({"body": body, "contact": contact} if body else {})}
        _event(c, EventType.CLOSED, actor=actor, from_status=Status.ANSWERED, note=note, params=params)
        messages.sms(c, _("您的投诉（%(code)s）已办结，可凭查询码查看办理结果。") % {"code": c.tracking_code})
    return c


def set_substantiated(complaint: Complaint, *, actor, substantiated: bool, note: str = "") -> Complaint:
    """Mark whether the complaint was found true (属实); only substantiated ones count in scores."""
    require(actor, "complaints.substantiate", complaint)
    with transaction.atomic():
        c = _lock(complaint.pk)
        marked = set(Status.values) - {Status.SUBMITTED, Status.REJECTED, Status.MERGED}
        _check_status(c, marked, pgettext("complaint action", "认定属实情况"))
        c.substantiated = bool(substantiated)
        c.save(update_fields=["substantiated"])
        params = {"substantiated": bool(substantiated)}
        _event(c, EventType.SUBSTANTIATED, actor=actor, from_status=c.status, note=note.strip(), params=params)
    return c


def reveal_phone(complaint: Complaint, *, actor) -> str:
    """The full number, for the officers handling the complaint; every reveal is recorded."""
    require(actor, "complaints.reveal_phone", complaint)
    _event(complaint, EventType.PHONE_REVEALED, actor=actor, from_status=complaint.status)
    return complaint.complainant_phone


# --- assignee actions --------------------------------------------------------------------------
def sign(complaint: Complaint, *, actor) -> Complaint:
    require(actor, "complaints.sign", complaint)
    with transaction.atomic():
        c = _lock(complaint.pk)
        require(actor, "complaints.sign", c)  # re-check: it may have been re-assigned meanwhile
        _check_status(c, {Status.ASSIGNED}, pgettext("complaint action", "签收"))
        c.status = Status.SIGNED
        sla.set_stage(c, Stage.ANSWER)
        c.save()
        _event(c, EventType.SIGNED, actor=actor, from_status=Status.ASSIGNED)
    return c


def start(complaint: Complaint, *, actor, note: str = "") -> Complaint:
    require(actor, "complaints.start", complaint)
    with transaction.atomic():
        c = _lock(complaint.pk)
        require(actor, "complaints.start", c)
        _check_status(c, {Status.SIGNED}, pgettext("complaint action", "开始处理"))
        c.status = Status.IN_PROGRESS
        c.save()
        _event(c, EventType.STARTED, actor=actor, from_status=Status.SIGNED, note=note)
    return c


def answer(complaint: Complaint, *, actor, text: str, images=()) -> Complaint:
    """Answer the resident (text and photos); merged duplicates get the same answer."""
    require(actor, "complaints.answer", complaint)
    if not (text or "").strip():
        raise WorkflowError(_("答复内容不能为空。"))
    with transaction.atomic():
        c = _lock(complaint.pk)
        require(actor, "complaints.answer", c)
        _check_status(c, {Status.SIGNED, Status.IN_PROGRESS}, pgettext("complaint action", "答复"))
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
        _check_status(c, {Status.ANSWERED}, pgettext("complaint action", "评价"))
        c.feedback, c.feedback_comment, c.feedback_at = rating, comment.strip(), timezone.now()
        # The rating itself changes no status: the reopening or closing event that follows does,
        # so the timeline shows the move once.
        _event(
            c, EventType.FEEDBACK, actor_label=RESIDENT, from_status=Status.ANSWERED, to_status=Status.ANSWERED,
            public_note=c.feedback_comment, params={"rating": rating},
        )  # fmt: skip
        if rating == Feedback.UNSATISFIED:
            subject = _("工单 %(no)s 居民不满意，已重新办理") % {"no": c.work_order_no}
            _reopen(c, subject=subject, reason=c.feedback_comment or str(Feedback(rating).label), actor_label=SYSTEM)
        else:
            c.status, c.closed_at, c.outcome = Status.CLOSED, timezone.now(), Outcome.RESOLVED
            c.save()
            _event(c, EventType.CLOSED, actor_label=SYSTEM, from_status=Status.ANSWERED, params={"outcome": c.outcome})
    return c


def _reopen(c: Complaint, *, subject: str, reason: str, actor_label: str, public_note: str = "") -> None:
    """Handle a locked complaint again from acceptance, and tell the supervising officers and
    whoever answered it (the enterprise, street or department)."""
    previous = c.status
    c.status, c.closed_at = Status.REOPENED, None
    c.outcome, c.remit_body, c.remit_contact = "", "", ""
    sla.set_stage(c, Stage.ACCEPT)
    c.save()
    _event(c, EventType.REOPENED, actor_label=actor_label, from_status=previous, public_note=public_note)
    officers = User.objects.filter(is_active=True, region__in=messages.officer_regions(c))
    messages.inbox(officers, c, subject, reason)
    messages.inbox(messages.recipients_of_assignee(c), c, subject, reason)  # who answered


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
        c = _lock(complaint.pk)
        _check_status(c, {Status.CLOSED}, pgettext("complaint action", "申请重新办理"))
        if not can_reopen(c, now):
            raise WorkflowError(
                _("该投诉办结已超过 %(days)d 天，不能再申请重新办理。如问题仍未解决，请重新提交投诉。")
                % {"days": REOPEN_WINDOW_DAYS},
                code="window",
            )
        subject = _("工单 %(no)s 办结后居民反映问题未解决，已重新办理") % {"no": c.work_order_no}
        _reopen(c, subject=subject, reason=reason, actor_label=RESIDENT, public_note=reason)
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
        _check_status(c, OPEN_STATUSES, pgettext("complaint action", "补充材料"))
        Attachment.store(c, images, AttachmentKind.SUPPLEMENT)
        _event(c, EventType.SUPPLEMENTED, actor_label=RESIDENT, from_status=c.status, public_note=(text or "").strip())
    return c
