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

# Owners' committees (owners/committees.py): the street office forms the preparatory group and
# leads it; the street's and the community's officers record the group's and the committee's
# steps for them; the district bureau (or the street) accepts the filing; the street orders a
# renewal or a correction; the community organises a renewal the committee did not.
COMMITTEE_RULES = (
    Rule(
        "owners.prepare_committee",
        _("办理业主委员会筹备、选举和换届事项"),
        ORGANISERS,
        project_place,
        note=_("项目所在的街道、社区（代筹备组或业主委员会操作）"),
    ),
    Rule("owners.form_group", _("成立业主大会筹备组"), frozenset({STREET}), project_place, note=_("项目所在的街道")),
    Rule(
        "owners.accept_filing",
        _("受理业主委员会备案"),
        SUPERVISORS,
        project_place,
        note=_("项目所在区域的区县主管部门和街道"),
    ),
    Rule(
        "owners.order_committee",
        _("责令业主委员会改正或换届"),
        frozenset({STREET}),
        project_place,
        note=_("项目所在的街道；须说明理由"),
    ),
    Rule(
        "owners.organise_renewal",
        _("组织业主委员会换届"),
        frozenset({COMMUNITY, STREET}),
        project_place,
        note=_("项目所在的社区（居民委员会），在街道指导下"),
    ),
    Rule(
        "owners.manage_members",
        _("终止业主委员会委员资格"),
        ORGANISERS,
        project_place,
        note=_("项目所在的街道、社区；须说明原因"),
    ),
)

register(*COMMITTEE_RULES)
