"""The daily sweep of owners' committees (Celery beat, ``owners.tasks.sweep_committees``):

1. projects whose delivered area passed the share set get their case (ELIGIBLE);
2. active committees whose renewal day has come fall due for renewal;
3. members who are no longer owners lose their seats (``owners.committee_members``);
4. the office of every running stage due within ``OWNERS_COMMITTEE_REMIND_DAYS`` is reminded in
   its inbox, once; a stage past its day is reported, once, to the office and to the office
   above it; so are objections left unanswered past their day.

Safe to run twice: each reminder is claimed by stamping its row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from projects.models import Project

from . import committee_members, committee_notes, committee_renewal, committees
from .choices_committees import CommitteeEventType, CommitteeState
from .committee_stages import event
from .models import Committee, CommitteeObjection, CommitteeStage, Unit


def open_eligible(today) -> int:
    """Cases for the projects whose delivered area is above the share and that have none."""
    share = settings.OWNERS_COMMITTEE_ELIGIBLE_SHARE
    candidates = (
        Unit.objects.order_by()
        .values("project")
        .annotate(total=Sum("area"), delivered=Sum("area", filter=Q(delivered=True)))
        .filter(delivered__gt=F("total") * Decimal(share) / 100)
        .values("project")
    )
    has_case = Committee.objects.filter(project=OuterRef("pk")).exclude(state=CommitteeState.ENDED)
    opened = 0
    for project in Project.objects.filter(pk__in=candidates).exclude(Exists(has_case)).select_related("region"):
        try:
            committees.open_case(project, today=today)
            opened += 1
        except InvalidState:
            pass
    return opened


def renewals(today) -> int:
    due = CommitteeStage.objects.filter(
        ended_at__isnull=True, state=CommitteeState.ACTIVE, due_on__lte=today
    ).values_list("committee_id", flat=True)
    count = 0
    for pk in list(due):
        try:
            committee_renewal.renewal_due(Committee(pk=pk), today=today)
            count += 1
        except InvalidState:
            pass
    return count


def remind(today) -> dict[str, int]:
    """Inbox reminders of running stages due soon (once) and overdue (once)."""
    soon = today + dt.timedelta(days=settings.OWNERS_COMMITTEE_REMIND_DAYS)
    now = timezone.now()
    done = {"reminded": 0, "overdue": 0}
    running = CommitteeStage.objects.filter(ended_at__isnull=True, due_on__isnull=False).select_related(
        "committee__project__region"
    )
    with transaction.atomic():
        for stage in running.filter(overdue_at__isnull=True, due_on__lt=today).select_for_update(
            skip_locked=True, of=("self",)
        ):
            _tell(stage, overdue=True)
            stage.overdue_at, stage.reminded_at = now, stage.reminded_at or now
            stage.save(update_fields=["overdue_at", "reminded_at"])
            done["overdue"] += 1
        for stage in running.filter(reminded_at__isnull=True, due_on__gte=today, due_on__lte=soon).select_for_update(
            skip_locked=True, of=("self",)
        ):
            _tell(stage, overdue=False)
            stage.reminded_at = now
            stage.save(update_fields=["reminded_at"])
            done["reminded"] += 1
        late = CommitteeObjection.objects.filter(answered_on__isnull=True, due_on__lt=today, overdue_at__isnull=True)
        for objection in late.select_related("committee__project__region").select_for_update(
            skip_locked=True, of=("self",)
        ):
            project = objection.committee.project
            committee_notes.tell(
                objection.committee,
                list(committee_notes.officers(project, "street")),
                _("筹备异议逾期未答复：%(p)s") % {"p": project.name},
                _("业主 %(n)s 的异议应于 %(d)s 前答复。") % {"n": objection.name, "d": objection.due_on},
            )
            objection.overdue_at = now
            objection.save(update_fields=["overdue_at"])
            done["overdue"] += 1
    return done


def _tell(stage: CommitteeStage, *, overdue: bool) -> None:
    committee = stage.committee
    project = committee.project
    users = committee_notes.for_office(project, stage.office, supervisors=overdue)
    values = {"p": project.name, "s": stage.get_state_display(), "o": stage.get_office_display(), "d": stage.due_on}
    if overdue:
        subject = _("业主委员会事项逾期：%(p)s") % values
        body = _("%(p)s 业主委员会“%(s)s”阶段应由%(o)s于 %(d)s 前办结，已逾期。") % values
    else:
        subject = _("业主委员会事项即将到期：%(p)s") % values
        body = _("%(p)s 业主委员会“%(s)s”阶段应由%(o)s于 %(d)s 前办结。") % values
    committee_notes.tell(committee, users, subject, body)
    event(committee, CommitteeEventType.OVERDUE if overdue else CommitteeEventType.REMINDED, note=str(stage.due_on))


def sweep(today=None) -> dict[str, int]:
    today = today or timezone.localdate()
    result = {"eligible": open_eligible(today), "renewal_due": renewals(today)}
    result["members_ended"] = committee_members.end_former_owners(today)
    result.update(remind(today))
    return result
