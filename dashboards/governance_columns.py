"""Excel columns of the self-governance tables (``?export=committees|votes|funds|revenue|
revenue_projects``): the rows the page shows, the region's total last."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.xlsx import Column
from projects.breakdown import Group

GROUP = [
    Column(_("代码"), "code", lambda r: r["group"].code or r["group"].key),
    Column(_("名称"), "name", lambda r: str(r["group"].name)),
]
MEASURES = {
    "committees": [
        ("projects", _("项目")),
        ("established", _("已成立")),
        ("preparing", _("筹备中")),
        ("none", _("未成立")),
        ("renewal_overdue", _("换届逾期")),
    ],
    "votes": [
        ("held", pgettext_lazy("votes held", "表决")),
        ("passed", pgettext_lazy("vote outcome", "通过")),
        ("failed", pgettext_lazy("vote outcome", "未通过")),
        ("no_quorum", _("未达法定比例")),
        ("suspended", _("中止")),
        ("running", _("进行中")),
    ],
    "funds": [
        ("accounts", _("账户")),
        ("balance", _("余额")),
        ("deposits", _("交存")),
        ("interest", _("利息")),
        ("uses", _("划拨（件）")),
        ("uses_amount", _("划拨金额")),
        ("emergency", _("其中应急（件）")),
        ("emergency_amount", _("应急金额")),
    ],
    "revenue": [
        ("late_projects", _("逾期项目")),
        ("not_entered", _("未填报（半年度）")),
        ("not_spread", _("公示期满未处理")),
    ],
}
TITLES = {
    "committees": _("业主委员会覆盖"),
    "votes": _("业主大会表决"),
    "funds": _("维修资金"),
    "revenue": _("公共收益公示逾期"),
    "revenue_projects": _("逾期项目"),
}
REVENUE_PROJECTS = [
    Column(_("项目"), "project", lambda r: r["project__name"]),
    Column(_("物业服务企业"), "enterprise", lambda r: r["project__enterprise__name"]),
    Column(_("未填报（半年度）"), "missing", lambda r: r["missing"]),
    Column(_("最近一期"), "latest", lambda r: str(_("未填报") if r["latest_missing"] else _("已填报"))),
    Column(_("公示期满未处理"), "unspread", lambda r: r["unspread"]),
]


def export(table: str, data: dict) -> tuple[str, list[Column], list] | None:
    """(title, columns, rows) of one self-governance table of ``data`` (``governance()``)."""
    if table == "revenue_projects":
        return str(TITLES[table]), REVENUE_PROJECTS, data["overdue"]["rows"]
    if table not in MEASURES:
        return None
    columns = [*GROUP, *[Column(label, m, lambda r, s=table, m=m: r[s][m]) for m, label in MEASURES[table]]]
    total = {"group": Group("", str(_("合计")), ""), table: data["total"][table]}
    return str(TITLES[table]), columns, [*data["rows"], total]
