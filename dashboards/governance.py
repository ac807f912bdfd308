"""The owners' self-governance sections of the region dashboard: committee coverage, owners'
votes, maintenance funds and public revenue overdue, per sub-region of the region shown.

The measures are the owners' and funds' apps' own (set-based, scoped with ``visible_to``); this
module only asks them for the region's breakdown and lays their answers out in rows, with the
region's total (the sum of the groups, the region's projects outside any visible child
included). The year is that of the month the dashboard shows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from funds import revenue_overdue, supervision
from owners import committee_coverage, vote_outcomes
from projects.breakdown import Group, breakdown_for

SECTIONS = {
    "committees": committee_coverage.MEASURES,
    "votes": vote_outcomes.OUTCOMES,
    "funds": supervision.FUND_MEASURES,
    "revenue": ("late_projects", "not_entered", "not_spread"),
}

HALVES = {1: _("上半年"), 2: _("下半年")}

DEFINITIONS = {
    "committees": _(
        "辖区内各项目的业主委员会：已成立（任期中、应换届、换届中、移交中）、筹备中（已申请至待备案）、"
        "未成立（含仅具备成立条件），以及换届期限已过仍未完成换届的项目数。"
    ),
    "votes": _(
        "当年开始投票的业主大会表决（草拟不计）：结果已公告的，全部事项通过为“通过”，"
        "有事项未达参与表决比例为“未达法定比例”，其余为“未通过”；被中止的为“中止”；其余（含异议期）为“进行中”。"
    ),
    "funds": _(
        "维修资金分户账合计：余额为全部记账金额之和（截至今日）；交存（首期交存和续交）、利息按当年记账日期；"
        "使用为当年划拨的维修项目件数和决算金额（含建设单位承担部分），其中应急使用单列。金额单位：元。"
    ),
    "revenue": _(
        "开立维修资金账户、有物业服务企业的项目：半年度结束后规定天数内未填报公共收益的半年度数（自开户所在半年度起），"
        "以及公示期满超过一天仍未转入维修资金或按业主大会决定处理的公示数。"
    ),
}


def _zeros(section: str) -> dict:
    money = ("balance", "deposits", "interest", "amount")
    return {m: Decimal("0.00") if m.endswith(money) else 0 for m in SECTIONS[section]}


def _total(section: str, groups: dict[str, dict]) -> dict:
    total = _zeros(section)
    for values in groups.values():
        for m in total:
            total[m] += values.get(m, 0)
    return total


def governance(user, region, month: dt.date, today: dt.date | None = None) -> dict:
    """The four sections of ``region`` as ``user`` may see them, for the year of ``month``."""
    today = today or timezone.localdate()
    breakdown = breakdown_for(user, region)
    year = month.year
    measured = {
        "committees": committee_coverage.coverage_by(user, breakdown, today),
        "votes": vote_outcomes.outcomes_by(user, breakdown, year),
        "funds": supervision.fund_totals_by(user, breakdown, year),
        "revenue": revenue_overdue.overdue_by(user, breakdown, today),
    }
    groups = list(breakdown.groups)
    if any("" in values for values in measured.values()):
        groups.append(Group("", str(_("未划入下级区域")), ""))
    overdue = revenue_overdue.overdue_projects(user, breakdown, today)
    rows = [{"group": g, **{s: measured[s].get(g.key) or _zeros(s) for s in SECTIONS}} for g in groups]
    return {
        "year": year,
        "by_project": breakdown.by_project,
        "rows": rows,
        "total": {s: _total(s, measured[s]) for s in SECTIONS},
        "overdue": overdue,
        "last_due": _("%(year)s 年%(half)s") % {"year": overdue["last_year"], "half": HALVES[overdue["last_half"]]},
        "definitions": DEFINITIONS,
        "due_days": settings.FUNDS_REVENUE_POSTING_DUE_DAYS,
    }
