"""Sending a complaint to whoever handles it: an enterprise, a street or community office, or
the department a category belongs to."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Department
from core.permissions import require
from enterprises.models import Enterprise
from notifications.choices import InboxKind
from regions.choices import RegionLevel
from regions.models import Region, codes_on_path

from .. import messages, sla
from ..choices import AssigneeKind, EventType, Stage, Status
from ..models import Complaint
from .base import WorkflowError, add_event, check_status, lock
from .intake import accept


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
        c = lock(complaint.pk)
        check_status(c, {Status.ACCEPTED, Status.REOPENED, Status.ASSIGNED}, pgettext("complaint action", "派单"))
        previous = c.status
        c.assignee_enterprise = c.assignee_region = c.assignee_department = None
        for name, value in fields.items():
            setattr(c, name, value)
        c.assignee_kind, c.status, c.assigned_at = kind, Status.ASSIGNED, timezone.now()
        # Re-assigned before it was signed: the first assignee's stage is superseded, not completed.
        sla.set_stage(c, Stage.SIGN, superseded=previous == Status.ASSIGNED)
        c.save()
        add_event(c, EventType.ASSIGNED, actor=actor, from_status=previous, note=note, params={"who": c.assignee_label})
        messages.inbox(
            messages.recipients_of_assignee(c),
            c,
            InboxKind.WORK_ORDER_ASSIGNED,
            project=c.project.name,
            text=c.description[:100],
        )
    return c


def accept_and_assign(complaint: Complaint, *, actor, to, note: str = "") -> Complaint:
    """One click for the officer: accept a new complaint if needed, then assign it."""
    if complaint.status == Status.SUBMITTED:
        complaint = accept(complaint, actor=actor)
    return assign(complaint, actor=actor, to=to, note=note)
