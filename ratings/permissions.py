"""Who may act in ratings: one rule per action (``core.permissions``; README "Roles").

Jurisdictions: the scoring scheme and a quarter's scores are the whole portal's (the city
bureau's); a list, an honours selection or a street evaluation lies in its region; a star, a
penalty and an objection lie where the enterprise is registered."""

from __future__ import annotations

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


def _honour_place(honour) -> Place:
    return Place(region_path=honour.region.path, enterprise_id=honour.enterprise_id)


RULES = (
    Rule("ratings.edit_scheme", _("修改考核方案"), frozenset({CITY}), lambda scheme: PORTAL, note=_("全市（市级）")),
    Rule("ratings.publish_scheme", _("发布考核方案"), frozenset({CITY}), lambda scheme: PORTAL, note=_("全市（市级）")),
    Rule("ratings.start_run", _("计算季度考核得分"), frozenset({CITY}), lambda quarter: PORTAL, note=_("全市（市级）")),
    Rule("ratings.publish_run", _("公布季度考核结果"), frozenset({CITY}), lambda run: PORTAL, note=_("全市（市级）")),
    Rule(
        "ratings.evaluate_street",
        _("填写街道考核"),
        frozenset({STREET}),
        lambda project: region_of(project.region),
        note=_("对象所属区域的辖区"),
    ),
    # A list is drawn up for a region (the object is the region), then reviewed and published.
    Rule("ratings.draw_up_list", _("生成红黑榜"), BUREAU, region_of, note=_("对象所属区域的辖区")),
    Rule(
        "ratings.edit_list",
        _("修改红黑榜草稿"),
        BUREAU,
        lambda edition: region_of(edition.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule(
        "ratings.review_list",
        _("审核红黑榜"),
        BUREAU,
        lambda edition: region_of(edition.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule(
        "ratings.publish_list",
        _("公布红黑榜"),
        BUREAU,
        lambda edition: region_of(edition.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule(
        "ratings.correct_list",
        _("更正已公布的红黑榜"),
        BUREAU,
        lambda edition: region_of(edition.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule(
        "ratings.apply_star",
        _("申请星级评定"),
        frozenset({ENTERPRISE}),
        enterprise_place,
        note=_("企业注册地所在辖区；企业本身"),
    ),
    Rule(
        "ratings.review_star",
        _("审核星级评定"),
        BUREAU,
        lambda rating: enterprise_place(rating.enterprise),
        note=_("企业注册地所在辖区；企业本身"),
    ),
    Rule(
        "ratings.publish_star",
        _("公布星级评定"),
        BUREAU,
        lambda rating: enterprise_place(rating.enterprise),
        note=_("企业注册地所在辖区；企业本身"),
    ),
    # The object of a nomination is the honour as it would be created (region, enterprise).
    Rule(
        "ratings.nominate_honour",
        _("提名评先树优"),
        BUREAU | {ENTERPRISE},
        _honour_place,
        note=_("评选范围（市或区县）；被提名企业本身"),
    ),
    Rule(
        "ratings.review_honour",
        _("初审评先树优"),
        BUREAU,
        lambda honour: region_of(honour.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule(
        "ratings.turn_down_honour",
        _("不予评选"),
        BUREAU,
        lambda honour: region_of(honour.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule(
        "ratings.select_honour",
        _("评选评先树优"),
        BUREAU,
        lambda honour: region_of(honour.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule("ratings.record_penalty", _("录入行政处罚"), BUREAU, enterprise_place, note=_("企业注册地所在辖区；企业本身")),
    Rule(
        "ratings.file_objection",
        _("提出异议"),
        frozenset({ENTERPRISE}),
        lambda score: Place(enterprise_id=score.enterprise_id),
        note=_("本企业"),
    ),  # fmt: skip
    Rule(
        "ratings.decide_objection",
        _("处理异议"),
        BUREAU,
        lambda objection: enterprise_place(objection.enterprise),
        note=_("企业注册地所在辖区；企业本身"),
    ),
)

register(*RULES)
