"""Who may act on the maintenance fund and the public revenue: one rule per action
(``core.permissions``; docs/permissions.md). Everything lies in its project's region; the
enterprise acts for the projects it manages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import CITY, COMMUNITY, DISTRICT, ENTERPRISE, STREET, Place, Rule, region_of, register


def project_place(obj) -> Place:
    """The jurisdiction of a project or of anything of its fund (an account, a use, a posting)."""
    project = getattr(obj, "project", obj)
    return Place(region_path=project.region.path, enterprise_id=project.enterprise_id)


def works_with_funds(user) -> bool:
    """Officers and enterprise users see the fund's records (each within its scope); department
    liaisons and inspectors do not, on the pages as in the API."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_officer or user.is_enterprise_user))


BUREAU = frozenset({CITY, DISTRICT})
# The enterprise proposes uses; the street and community act for the owners' committee in the
# portal, as they do for its votes (owners.permissions).
PROPOSERS = frozenset({ENTERPRISE, STREET, COMMUNITY})

RULES = (
    Rule(
        "funds.manage_account",
        _("管理维修资金账户"),
        BUREAU,
        project_place,
        note=_("项目所在区域的主管部门：开户、首期交存、结息分配、过户（同时更正房屋业主名册）"),
    ),
    Rule(
        "funds.set_rate",
        _("设定维修资金交存标准"),
        BUREAU,
        region_of,
        note=_("市、区县主管部门，为本辖区及下级区域设定；执行后不能修改，只能设定新标准"),
    ),
    Rule(
        "funds.propose_use",
        _("申请使用维修资金"),
        PROPOSERS,
        project_place,
        note=_("管理该项目的物业服务企业；项目所在的街道、社区（代业主委员会操作）"),
    ),
    Rule(
        "funds.review_use",
        _("审核维修资金使用"),
        frozenset({DISTRICT}),
        project_place,
        note=_("项目所在的区县主管部门"),
    ),
    Rule(
        "funds.enter_revenue",
        _("填报公共收益"),
        frozenset({ENTERPRISE}),
        project_place,
        note=_("管理该项目的物业服务企业"),
    ),
    Rule(
        "funds.settle_revenue",
        _("处理公共收益"),
        frozenset({DISTRICT, STREET}),
        project_place,
        note=_("项目所在的区县主管部门和街道：答复异议、公示期满后转入维修资金"),
    ),
)

register(*RULES)
