"""Excel columns of the dashboards' tables: the same rows the pages show, one definition each."""

from django.utils.translation import gettext_lazy as _

from core.xlsx import Column

from . import league as league_rules
from . import statistics as stats

RATES = ("on_time_rate", "enterprise_on_time_rate", "satisfaction_rate", "close_rate", "substantiated_share")


def figure_columns(counts=lambda r: r["counts"], figures=lambda r: r["figures"]) -> list[Column]:
    """A row's counts and figures (statistics.FIGURES), labelled as the page labels them."""
    return [
        Column(_("收到投诉"), "received", lambda r: counts(r)["received"]),
        Column(_("受理"), "accepted", lambda r: counts(r)["accepted"]),
        *[Column(stats.FIGURES[key].label, key, lambda r, k=key: figures(r)[k]) for key in RATES],
        Column(stats.FIGURES["late"].label, "late", lambda r: figures(r)["late"]),
        Column(_("重复投诉"), "repeat", lambda r: counts(r)["repeat"]),
    ]


TREND = [Column(_("月份"), "month", lambda r: f"{r['month']:%Y-%m}"), *figure_columns()]
CHILDREN = [
    Column(_("区域代码"), "code", lambda r: r["region"].code),
    Column(_("区域"), "name", lambda r: r["region"].name),
    *figure_columns(),
]
COMPARED = [
    Column(_("代码"), "key", lambda r: r["key"]),
    Column(_("名称"), "name", lambda r: r["name"]),
    Column(_("本月"), "count", lambda r: r["count"]),
    Column(_("上月"), "previous_month", lambda r: r["previous_month"]),
    Column(_("环比%"), "mom", lambda r: r["mom_change_pct"]),
    Column(_("上年同月"), "same_month_last_year", lambda r: r["same_month_last_year"]),
    Column(_("同比%"), "yoy", lambda r: r["yoy_change_pct"]),
]
WORST_PROJECTS = [
    Column(_("项目编码"), "code", lambda r: r["project"].code),
    Column(_("项目"), "name", lambda r: r["project"].name),
    Column(_("户数"), "households", lambda r: r["households"]),
    Column(_("投诉件数"), "received", lambda r: r["received"]),
    Column(_("每百户投诉"), "per_100", lambda r: r["per_100"]),
]
WORST_ENTERPRISES = [
    Column(_("统一社会信用代码"), "uscc", lambda r: r["enterprise"].uscc),
    Column(_("企业"), "name", lambda r: r["enterprise"].name),
    Column(_("在管户数"), "households", lambda r: r["households"]),
    Column(_("投诉件数"), "received", lambda r: r["received"]),
    Column(_("每百户投诉"), "per_100", lambda r: r["per_100"]),
]
ENTERPRISE_PROJECTS = [
    Column(_("项目编码"), "code", lambda r: r["project"].code if r["project"] else ""),
    Column(_("项目"), "name", lambda r: r["project"].name if r["project"] else ""),
    Column(_("每百户投诉"), "per_100", lambda r: r["per_100"]),
    *figure_columns(),
]
DEPARTMENT_CATEGORIES = [
    Column(_("投诉类别"), "category", lambda r: r["category"] or _("未分类")),
    Column(_("转办件数"), "n", lambda r: r["n"]),
    Column(_("办理中"), "open", lambda r: r["open"]),
    Column(_("超期"), "overdue", lambda r: r["overdue"]),
    Column(_("已答复"), "answered", lambda r: r["answered"]),
]
LEAGUE = [
    Column(_("名次"), "rank", lambda r: r["rank"]),
    Column(_("区域"), "name", lambda r: r["region"].name),
    *[Column(m.label, m.key, lambda r, k=m.key: r["values"][k]) for m in league_rules.MEASURES],
    Column(_("综合得分"), "total", lambda r: r["total"]),
]

# The region dashboard's tables: ?export=<table> → (file title, columns, the context's rows).
REGION_TABLES = {
    "trend": (_("投诉趋势"), TREND, "trend"),
    "children": (_("下级区域"), CHILDREN, "children"),
    "category": ("category", COMPARED, "by_category"),
    "channel": ("channel", COMPARED, "by_channel"),
    "worst_projects": (_("每百户投诉最多的项目"), WORST_PROJECTS, "worst_projects"),
    "worst_enterprises": (_("每百户投诉最多的企业"), WORST_ENTERPRISES, "worst_enterprises"),
}
