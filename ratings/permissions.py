"""Who may act in ratings: one rule per action (``core.permissions``; docs/permissions.md).

Jurisdictions: the scoring scheme and a quarter's scores are the whole portal's (the city
bureau's); a list, an honours selection or a street evaluation lies in its region; a star, a
penalty and an objection lie where the enterprise is registered. A review is by an officer other
than the drafter, a publication by one who neither drafted nor reviewed (``core.publication``)."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.permissions import (
    BUREAU,
    CITY,
    ENTERPRISE,
    PORTAL,
    STREET,
    Place,
    Rule,
    enterprise_place,
    region_of,
    register,
)
from core.publication import after

CITY_WIDE = _("全市（市级）")
IN_REGION = _("对象所属区域的辖区")
REGISTERED = _("企业注册地所在辖区")
OWN = _("本企业")
NOT_DRAFTER = _("；不是起草人")
NOT_DRAFTER_OR_REVIEWER = _("；不是起草人或审核人")


def _portal(obj) -> Place:
    return PORTAL


def _in_region(obj) -> Place:
    """A list or an honour: the region it is for."""
    return region_of(obj.region)


def _registered(obj) -> Place:
    """A star or an objection: where its enterprise is registered."""
    return enterprise_place(obj.enterprise)


def _honour_place(honour) -> Place:
    return Place(region_path=honour.region.path, enterprise_id=honour.enterprise_id)


def _own(score) -> Place:
    return Place(enterprise_id=score.enterprise_id)


def _note(*parts):
    return format_lazy("{}" * len(parts), *parts)


RULES = (
    Rule("ratings.edit_scheme", _("修改考核方案"), frozenset({CITY}), _portal, note=CITY_WIDE),
    Rule("ratings.publish_scheme", _("发布考核方案"), frozenset({CITY}), _portal, note=CITY_WIDE),
    Rule("ratings.start_run", _("计算季度考核得分"), frozenset({CITY}), _portal, note=CITY_WIDE),
    Rule(
        "ratings.review_run",
        _("审核季度考核结果"),
        frozenset({CITY}),
        _portal,
        check=after("started_by_id"),
        note=_note(CITY_WIDE, NOT_DRAFTER),
    ),
    Rule(
        "ratings.publish_run",
        _("公布季度考核结果"),
        frozenset({CITY}),
        _portal,
        check=after("started_by_id", "reviewed_by_id"),
        note=_note(CITY_WIDE, NOT_DRAFTER_OR_REVIEWER),
    ),
    Rule(
        "ratings.evaluate_street",
        _("填写街道考核"),
        frozenset({STREET}),
        lambda project: region_of(project.region),
        note=_("项目所在街道"),
    ),
    # A list is drawn up for a region (the object is the region), reviewed, then published.
    Rule("ratings.draw_up_list", _("生成红黑榜"), BUREAU, region_of, note=IN_REGION),
    Rule("ratings.edit_list", _("修改红黑榜草稿"), BUREAU, _in_region, note=IN_REGION),
    Rule(
        "ratings.review_list",
        _("审核红黑榜"),
        BUREAU,
        _in_region,
        check=after("drafted_by_id"),
        note=_note(IN_REGION, NOT_DRAFTER),
    ),
    Rule(
        "ratings.publish_list",
        _("公布红黑榜"),
        BUREAU,
        _in_region,
        check=after("drafted_by_id", "reviewed_by_id"),
        note=_note(IN_REGION, NOT_DRAFTER_OR_REVIEWER),
    ),
    Rule("ratings.correct_list", _("更正已公布的红黑榜"), BUREAU, _in_region, note=IN_REGION),
    Rule("ratings.apply_star", _("申请星级评定"), frozenset({ENTERPRISE}), enterprise_place, note=OWN),
    Rule("ratings.review_star", _("审核星级评定"), BUREAU, _registered, note=REGISTERED),
    Rule(
        "ratings.publish_star",
        _("公布星级评定"),
        BUREAU,
        _registered,
        check=after("applied_by_id", "reviewed_by_id"),
        note=_note(REGISTERED, _("；不是审核人")),
    ),
    # The object of a nomination is the honour as it would be created (region, enterprise).
    Rule(
        "ratings.nominate_honour",
        _("提名评先树优"),
        BUREAU | {ENTERPRISE},
        _honour_place,
        note=_("评选范围（市或区县）；企业提名本企业"),
    ),
    Rule(
        "ratings.review_honour",
        _("初审评先树优"),
        BUREAU,
        _in_region,
        check=after("nominated_by_id"),
        note=_note(IN_REGION, _("；不是提名人")),
    ),
    Rule("ratings.turn_down_honour", _("不予评选"), BUREAU, _in_region, note=IN_REGION),
    Rule(
        "ratings.select_honour",
        _("评选评先树优"),
        BUREAU,
        _in_region,
        check=after("nominated_by_id", "reviewed_by_id"),
        note=_note(IN_REGION, _("；不是提名人或初审人")),
    ),
    Rule("ratings.record_penalty", _("录入行政处罚"), BUREAU, enterprise_place, note=REGISTERED),
    Rule("ratings.file_objection", _("提出异议"), frozenset({ENTERPRISE}), _own, note=OWN),
    Rule("ratings.decide_objection", _("处理异议"), BUREAU, _registered, note=REGISTERED),
)

register(*RULES)
