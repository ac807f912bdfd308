"""Who may act on a complaint: one rule per action (``core.permissions``; docs/permissions.md).

A complaint lies in the region of its project (or the address the resident gave): officers
whose jurisdiction contains it accept, route and close it. Once assigned, the party it is
assigned to — the enterprise, the department, or the street or community office — signs and
answers it. What a user may *see* is the scoping of ``Complaint.objects.visible_to``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import ANYWHERE, BUREAU, DEPARTMENT, ENTERPRISE, OFFICERS, Place, Rule, may, register

from .choices import AssigneeKind
from .models import Complaint


def complaint_place(complaint: Complaint) -> Place:
    return Place(region_path=complaint.region_path)


def assignee_place(complaint: Complaint) -> Place:
    """The party the complaint is assigned to; nobody while it is not assigned."""
    kind = complaint.assignee_kind
    if kind == AssigneeKind.ENTERPRISE:
        return Place(enterprise_id=complaint.assignee_enterprise_id)
    if kind == AssigneeKind.DEPARTMENT:
        return Place(department_id=complaint.assignee_department_id)
    if kind == AssigneeKind.REGION and complaint.assignee_region_id:
        return Place(region_path=complaint.assignee_region.path)
    return Place()


OFFICER_ACTIONS = {
    "accept": _("受理投诉"),
    "reject": _("不予受理"),
    "merge": _("合并重复投诉"),
    "assign": _("分派投诉"),
    "send_back": _("退回重办"),
    "close": _("办结投诉"),
    "substantiate": _("认定投诉是否属实"),
    "reveal_phone": _("查看投诉人电话"),
}
ASSIGNEE_ACTIONS = {"sign": _("签收投诉"), "start": _("开始办理投诉"), "answer": _("答复投诉")}

RULES = (
    Rule("complaints.register", _("登记投诉"), OFFICERS, ANYWHERE, note=_("不限；逐项按本人辖区核对")),
    Rule(
        "complaints.import_hotline_orders", _("导入 12345 工单"), BUREAU, ANYWHERE, note=_("不限；逐项按本人辖区核对")
    ),
    *(
        Rule(f"complaints.{name}", label, OFFICERS, complaint_place, note=_("投诉所在区域的辖区"))
        for name, label in OFFICER_ACTIONS.items()
    ),
    # The resident's tracking code: only the housing bureau proper, never a street or community.
    Rule("complaints.reveal_tracking_code", _("查看查询码"), BUREAU, complaint_place, note=_("投诉所在区域的辖区")),
    *(
        Rule(
            f"complaints.{name}",
            label,
            OFFICERS | {ENTERPRISE, DEPARTMENT},
            assignee_place,
            note=_("被分派的企业、部门或街道（社区）"),
        )
        for name, label in ASSIGNEE_ACTIONS.items()
    ),
)

register(*RULES)


def officer_can_act(actor, complaint: Complaint) -> bool:
    """Whether the complaint page offers ``actor`` the officers' actions (accept, route, close)."""
    return may(actor, "complaints.accept", complaint)


def assignee_can_act(actor, complaint: Complaint) -> bool:
    """Whether the complaint page offers ``actor`` the assignee's actions (sign, answer)."""
    return may(actor, "complaints.answer", complaint)


def can_see_tracking_code(actor, complaint: Complaint) -> bool:
    return may(actor, "complaints.reveal_tracking_code", complaint)
