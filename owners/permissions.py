"""Who may act on the unit roll and the owners' votes: one rule per action (``core.permissions``;
docs/permissions.md). The roll lies in its project's region."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import CITY, COMMUNITY, DISTRICT, STREET, Place, Rule, register


def project_place(obj) -> Place:
    """The jurisdiction of a project, or of anything on its roll (a unit, an owner, a vote)."""
    project = getattr(obj, "project", obj)
    return Place(region_path=project.region.path)


ROLL_EDITORS = frozenset({CITY, DISTRICT, STREET})
# The street office leads the preparatory group and the community committee helps it; both
# act for the group or the committee that organises a vote in the portal.
ORGANISERS = frozenset({STREET, COMMUNITY})
SUPERVISORS = frozenset({DISTRICT, STREET})

RULES = (
    Rule(
        "owners.import_roll",
        _("导入房屋业主名册"),
        ROLL_EDITORS,
        project_place,
        note=_("项目所在区域的主管部门和街道"),
    ),
    Rule(
        "owners.edit_roll",
        _("更正房屋业主名册"),
        ROLL_EDITORS,
        project_place,
        note=_("项目所在区域的主管部门和街道；须说明理由，记入审计日志"),
    ),
    Rule(
        "owners.organise_vote",
        _("组织业主大会表决"),
        ORGANISERS,
        project_place,
        note=_("项目所在的街道、社区（代筹备组或业主委员会操作）"),
    ),
    Rule(
        "owners.enter_paper_ballot",
        _("录入书面选票"),
        ORGANISERS,
        project_place,
        note=_("项目所在的街道、社区（附选票扫描件）"),
    ),
    Rule(
        "owners.suspend_vote",
        _("中止业主大会表决"),
        SUPERVISORS,
        project_place,
        note=_("项目所在的区县主管部门和街道；须说明理由"),
    ),
)

register(*RULES)
