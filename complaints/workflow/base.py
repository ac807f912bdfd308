"""What every transition of :mod:`complaints.workflow` shares: its errors, the row lock, the
status check and the event row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import InvalidState

from ..models import Complaint, ComplaintEvent

# Fixed actor labels, stored in Chinese and shown in the reader's language.
SYSTEM = gettext_noop("系统")
RESIDENT = gettext_noop("居民")


class WorkflowError(ValidationError):
    """The transition is not possible now (wrong status, missing reason …)."""


class WrongStatus(InvalidState, WorkflowError):
    """The complaint's status does not allow the transition (someone else may have acted)."""


def lock(complaint_id: int) -> Complaint:
    """The complaint's row, locked until the transaction ends (its assignee region with it)."""
    return Complaint.objects.select_for_update(of=("self",)).select_related("assignee_region").get(pk=complaint_id)


def check_status(complaint: Complaint, allowed, action: str) -> None:
    """:class:`WrongStatus` unless the complaint's status is one of ``allowed``."""
    if complaint.status not in allowed:
        raise WrongStatus(
            _("该投诉当前状态为“%(status)s”，不能%(action)s。可能已被他人处理，请刷新页面。")
            % {"status": complaint.get_status_display(), "action": action}
        )


def add_event(complaint, type_, **fields) -> ComplaintEvent:
    """Save one event of the complaint (fields as :func:`new_event`)."""
    event = new_event(complaint, type_, **fields)
    event.save()
    return event


def new_event(
    complaint, type_, *, actor=None, actor_label="", from_status="", note="", public_note="", params=None, to_status=""
):
    """An unsaved event of the complaint; the actor is kept only when signed in."""
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
