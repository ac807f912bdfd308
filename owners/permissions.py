"""Who may act on the unit roll and the owners' votes: one rule per action (``core.permissions``;
docs/permissions.md). The roll lies in its project's region."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import CITY, DISTRICT, STREET, Place, Rule, register


def project_place(obj) -> Place:
    """The jurisdiction of a project, or of anything on its roll (a unit, an owner, a vote)."""
    project = getattr(obj, "project", obj)
    return Place(region_path=project.region.path)


ROLL_EDITORS = frozenset({CITY, DISTRICT, STREET})

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
)

register(*RULES)
