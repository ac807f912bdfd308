"""The SLA rule of complaints, in one place: each stage (accept, sign, answer) is due after the
policy's working hours for the complaint's urgency (``SlaPolicy``, cached in
:mod:`complaints.refcache`), counted on the working-day calendar (:mod:`core.calendar`); the
sweeps flag what is overdue and escalate it one level up the region tree, and close answered
complaints the resident did not rate in time. The Celery tasks and beat schedule call the sweeps."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.models import User
from core.calendar import WorkCalendar
from notifications.choices import InboxKind
from regions.models import Region, codes_on_path

from . import messages, refcache
from .choices import OPEN_STATUSES, AssigneeKind, EventType, Outcome, Party, Stage, Status
from .models import Complaint, ComplaintEvent, StageRecord


def deadline(start: dt.datetime, stage: str, urgency: str, calendar: WorkCalendar | None = None) -> dt.datetime | None:
    """When ``stage`` of a complaint of ``urgency`` begun at ``start`` is due; None if no policy."""
    hours = refcache.policies.get().get((stage, urgency))
    if hours is None:
        return None
    return (calendar or WorkCalendar.current()).add_working_hours(start, hours)


SYSTEM = gettext_noop("系统")  # stored untranslated, shown in the reader's language
STAGE_ORDER = [Stage.ACCEPT, Stage.SIGN, Stage.ANSWER]


def expected_answer_at(complaint, calendar: WorkCalendar | None = None) -> dt.datetime | None:
    """When the resident may expect the answer: the current stage's deadline plus the working
    hours of the stages still to come (sign, answer), each at the complaint's urgency. None once
    answered, or when a stage has no policy."""
    if complaint.stage not in STAGE_ORDER or complaint.due_at is None:
        return None
    calendar = calendar or WorkCalendar.current()
    moment = complaint.due_at
    for stage in STAGE_ORDER[STAGE_ORDER.index(complaint.stage) + 1 :]:
        moment = deadline(moment, stage, complaint.urgency, calendar)
        if moment is None:
            return None
    return moment


def set_stage(complaint: Complaint, stage: str | None, start=None, *, superseded: bool = False) -> StageRecord | None:
    """End the complaint's running stage and begin ``stage`` with its deadline recorded now.

    The running stage ends completed by its party, or ``superseded`` (re-assigned before it
    was signed); ``stage`` None only ends it. The complaint's ``stage`` and ``due_at`` mirror
    the running stage for the queue and the overdue sweep. A saved complaint's new record is
    saved; an unsaved complaint's (intake) is returned for the caller to insert with it."""
    now = start or timezone.now()
    if complaint.pk is not None:
        StageRecord.objects.filter(complaint_id=complaint.pk, ended_at__isnull=True).update(
            ended_at=now, completed=not superseded
        )
    complaint.stage, complaint.is_overdue = stage or "", False
    if not stage:
        complaint.due_at = None
        return None
    hours = refcache.policies.get().get((stage, complaint.urgency))
    complaint.due_at = WorkCalendar.current().add_working_hours(now, hours) if hours is not None else None
    party, enterprise_id = answerable(complaint, stage)
    record = StageRecord(
        complaint=complaint,
        stage=stage,
        party=party,
        enterprise_id=enterprise_id,
        started_at=now,
        working_hours=hours,
        due_at=complaint.due_at,
    )
    if complaint.pk is not None:
        record.save()
    return record


def answerable(complaint: Complaint, stage: str) -> tuple[str, int | None]:
    """Who answers for ``stage`` of the complaint as it stands: the bureau accepts; the assignee
    (an enterprise, a street or community, a department) signs and answers."""
    if stage == Stage.ACCEPT or not complaint.assignee_kind:
        return Party.BUREAU, None
    if complaint.assignee_kind == AssigneeKind.ENTERPRISE:
        return Party.ENTERPRISE, complaint.assignee_enterprise_id
    return Party(complaint.assignee_kind), None


def sweep_overdue(now=None, batch: int = 1000) -> int:
    """Flag open complaints past their deadline and escalate each one level up the region tree.

    Set-based and safe to run twice: only rows not yet flagged are claimed, with SKIP LOCKED
    so several workers can share the job.
    """
    now = now or timezone.now()
    total = 0
    while True:
        with transaction.atomic():
            rows = list(
                Complaint.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(status__in=OPEN_STATUSES, is_overdue=False, due_at__lt=now)
                .select_related("region", "escalated_region", "project")[:batch]
            )
            if not rows:
                return total
            by_code = {
                r.code: r
                for r in Region.objects.filter(code__in={c for row in rows for c in codes_on_path(row.region_path)})
            }
            events, notes = [], []
            for c in rows:
                current = c.escalated_region or c.region
                target = by_code.get(current.parent_code) if current.parent_code else current
                c.is_overdue, c.escalated_region, c.escalation_level = True, target, c.escalation_level + 1
                due = timezone.localtime(c.due_at).strftime("%Y-%m-%d %H:%M")
                overdue = {"stage": c.stage, "due": due}
                for type_, params in ((EventType.OVERDUE, overdue), (EventType.ESCALATED, {"region": target.name})):
                    events.append(
                        ComplaintEvent(
                            complaint=c,
                            type=type_,
                            actor_label=SYSTEM,
                            from_status=c.status,
                            to_status=c.status,
                            params=params,
                        )
                    )
                notes.append((c, target))
            Complaint.objects.bulk_update(rows, ["is_overdue", "escalated_region", "escalation_level"])
            ComplaintEvent.objects.bulk_create(events)
            officers = defaultdict(list)  # one query for the officers of every target region
            for user in User.objects.filter(region__in={t.pk for _c, t in notes}, is_active=True):
                officers[user.region_id].append(user)
            for c, target in notes:
                messages.inbox(officers[target.pk], c, InboxKind.WORK_ORDER_OVERDUE, project=c.project.name)
            total += len(rows)


def auto_close_without_feedback(days: int, now=None) -> int:
    """Close answered complaints whose resident gave no feedback within ``days`` days."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=days)
    total = 0
    while True:
        with transaction.atomic():
            rows = list(
                Complaint.objects.select_for_update(skip_locked=True)
                .filter(status=Status.ANSWERED, answered_at__lt=cutoff)
                .values_list("pk", flat=True)[:1000]
            )
            if not rows:
                return total
            # No rating: the answer stands as the outcome; the resident may still reopen it.
            Complaint.objects.filter(pk__in=rows).update(status=Status.CLOSED, closed_at=now, outcome=Outcome.RESOLVED)
            ComplaintEvent.objects.bulk_create(
                [
                    ComplaintEvent(
                        complaint_id=pk,
                        type=EventType.AUTO_CLOSED,
                        actor_label=SYSTEM,
                        from_status=Status.ANSWERED,
                        to_status=Status.CLOSED,
                        params={"days": days},
                    )
                    for pk in rows
                ]
            )
            total += len(rows)
