"""Who may act in inspections: one rule per action (``core.permissions``; docs/permissions.md).

Inspection standards are the whole portal's (the city bureau's); a draw lies in its region; an
inspection is worked on by the inspectors the draw named, wherever they come from; an order and
a self-report lie in their project's region, and the enterprise answers its own; a summons lies
with the summoning office, and an enterprise is summoned where it is registered."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.permissions import (
    BUREAU,
    CITY,
    ENTERPRISE,
    INSPECTOR,
    OFFICERS,
    PORTAL,
    Place,
    Rule,
    enterprise_place,
    region_of,
    register,
)


def _inspectors(inspection) -> Place:
    return Place(people=frozenset(inspection.inspectors.values_list("pk", flat=True)))


def _not_the_submitter(user, inspection) -> str | None:
    """Four eyes: the inspection is confirmed or sent back by an inspector other than the one
    who submitted it."""
    if inspection.submitted_by_id is not None and inspection.submitted_by_id == user.pk:
        return gettext("须由提交人以外的另一名检查人员会签或退回。")
    return None


RULES = (
    Rule(
        "inspections.edit_standard",
        _("修订检查标准"),
        frozenset({CITY}),
        lambda standard: PORTAL,
        note=_("全市（市级）"),
    ),
    Rule(
        "inspections.publish_standard",
        _("发布检查标准"),
        frozenset({CITY}),
        lambda standard: PORTAL,
        note=_("全市（市级）"),
    ),
    # A draw is organised for a region (the object is the region), then executed.
    Rule("inspections.organise_draw", _("组织双随机抽查"), BUREAU, region_of, note=_("对象所属区域的辖区")),
    Rule(
        "inspections.execute_draw",
        _("执行抽取并生成检查任务"),
        BUREAU,
        lambda draw: region_of(draw.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule(
        "inspections.inspect", _("填写检查记录"), OFFICERS | {INSPECTOR}, _inspectors, note=_("本次检查抽中的检查人员")
    ),
    Rule(
        "inspections.countersign",
        _("会签检查记录"),
        OFFICERS | {INSPECTOR},
        _inspectors,
        check=_not_the_submitter,
        note=_("本次检查抽中的检查人员，提交人除外"),
    ),
    Rule(
        "inspections.return_inspection",
        _("退回检查记录"),
        OFFICERS | {INSPECTOR},
        _inspectors,
        check=_not_the_submitter,
        note=_("本次检查抽中的检查人员，提交人除外"),
    ),
    Rule(
        "inspections.issue_order",
        _("下发整改"),
        OFFICERS,
        lambda project: region_of(project.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule(
        "inspections.answer_order",
        _("报送整改情况"),
        frozenset({ENTERPRISE}),
        lambda order: Place(enterprise_id=order.enterprise_id),
        note=_("本企业"),
    ),
    Rule(
        "inspections.verify_order",
        _("核验整改"),
        OFFICERS,
        lambda order: region_of(order.project.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule("inspections.summon", _("约谈企业"), BUREAU, enterprise_place, note=_("企业注册地所在辖区；企业本身")),
    Rule(
        "inspections.attach_to_summons",
        _("上传约谈附件"),
        BUREAU,
        lambda summons: region_of(summons.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule(
        "inspections.submit_self_report",
        _("填报自查自评"),
        frozenset({ENTERPRISE}),
        lambda report: Place(enterprise_id=report.enterprise_id),
        note=_("本企业"),
    ),
    Rule(
        "inspections.review_self_report",
        _("审核自查自评"),
        OFFICERS,
        lambda report: region_of(report.project.region),
        note=_("对象所属区域的辖区"),
    ),
)

register(*RULES)
