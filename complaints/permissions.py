"""Who may act on a complaint: the officers whose jurisdiction contains it, and the party it is
assigned to. What a user may *see* is the scoping of ``Complaint.objects.visible_to``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.choices import Role

from .choices import AssigneeKind
from .models import Complaint


def officer_can_act(actor, complaint: Complaint) -> bool:
    """Bureau, street or community officer whose region contains the complaint."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return actor.supervises(complaint.region_path)


def assignee_can_act(actor, complaint: Complaint) -> bool:
    """The enterprise, department or street/community the complaint is assigned to."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.sees_everything:
        return True
    kind = complaint.assignee_kind
    if kind == AssigneeKind.ENTERPRISE:
        return actor.role == Role.ENTERPRISE_USER and actor.enterprise_id == complaint.assignee_enterprise_id
    if kind == AssigneeKind.DEPARTMENT:
        return actor.role == Role.DEPARTMENT_LIAISON and actor.department_id == complaint.assignee_department_id
    if kind == AssigneeKind.REGION and complaint.assignee_region_id:
        return actor.supervises(complaint.assignee_region.path)
    return False


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("您无权对该投诉执行此操作。"))


def can_see_tracking_code(actor, complaint: Complaint) -> bool:
    """The tracking code is the resident's secret: besides the resident, only bureau officers
    (市/区) whose jurisdiction holds the complaint see it — never an enterprise, a department,
    a street or a community (they quote the work-order number)."""
    return officer_can_act(actor, complaint) and actor.is_bureau_officer
