"""The stages of an owners' committee's case: each begins with the office that acts and the day
it is due by recorded on its row (:func:`begin`), from which "overdue" is read; the steps are
``owners.committees``, ``owners.committee_renewal`` and ``owners.committee_members``.

A due day that falls on a rest day moves to the next working day (《民法典》第二百零三条), on
``core.calendar``.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import WorkCalendar
from core.errors import InvalidState
from core.text import NOTE_MAX, bounded

from .choices_committees import CommitteeState, Office
from .models import Committee, CommitteeEvent, CommitteeStage

# A stage's office when it begins, for each state.
OFFICES = {
    CommitteeState.ELIGIBLE: Office.OWNERS,
    CommitteeState.APPLIED: Office.STREET,
    CommitteeState.PREPARATION: Office.GROUP,
    CommitteeState.FIRST_MEETING: Office.GROUP,
    CommitteeState.ELECTED: Office.COMMITTEE,
    CommitteeState.FILING: Office.COMMITTEE,
    CommitteeState.ACTIVE: Office.COMMITTEE,
    CommitteeState.RENEWAL_DUE: Office.COMMITTEE,
    CommitteeState.RENEWING: Office.COMMITTEE,
    CommitteeState.HANDOVER: Office.COMMITTEE,
}


def due_after(start: dt.date, days: int, calendar: WorkCalendar | None = None) -> dt.date:
    """``days`` after ``start``; a last day that is a rest day moves to the next working day."""
    calendar = calendar or WorkCalendar.current()
    day = start + dt.timedelta(days=days)
    while not calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` (negative: back), on the month's last day if shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def event(committee, kind, actor=None, note="") -> CommitteeEvent:
    return CommitteeEvent.objects.create(committee=committee, type=kind, actor=actor, note=note)


def begin(committee: Committee, state: str, *, on: dt.date, due_on=None, office=None) -> CommitteeStage:
    """End the running stage on ``on`` and begin ``state`` with its office and due day."""
    now = timezone.now()
    CommitteeStage.objects.filter(committee=committee, ended_at__isnull=True).update(ended_at=now, ended_on=on)
    committee.state = state
    committee.save(update_fields=["state"])
    if state == CommitteeState.ENDED:
        return None
    return CommitteeStage.objects.create(
        committee=committee, state=state, office=office or OFFICES[state], started_on=on, due_on=due_on
    )


def locked(committee: Committee, *states) -> Committee:
    row = Committee.objects.select_for_update().select_related("project__region").get(pk=committee.pk)
    if states and row.state not in states:
        raise InvalidState(_("业主委员会当前为“%(s)s”，不能进行此操作。") % {"s": row.get_state_display()})
    return row


def text(value: str, message: str, limit: int = NOTE_MAX) -> str:
    value = bounded((value or "").strip(), limit)
    if not value:
        raise ValidationError(message, code="required")
    return value


def mirror(project, value: str) -> None:
    """The project's three-value field follows the case (filters and exports read it)."""
    type(project).objects.filter(pk=project.pk).update(owners_committee=value)
