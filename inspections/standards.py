"""Inspection standards: totals per project type, publication, new versions, Excel in and out."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.choices import choice_label
from core.errors import InvalidState
from core.permissions import require
from core.punctuation import join_clauses, join_list
from core.xlsx import Column, ImportRejected, RowError, parse_choice, read_sheets, safe_row
from projects.choices import ProjectType

from .choices import StandardStatus
from .models import InspectionStandard, StandardCategory, StandardItem, StandardTotal

ITEM_SHEET, TOTAL_SHEET = "检查项", "总分"
ITEM_COLUMNS = [
    Column("类别序号", "order", required=True),
    Column("类别", "category", required=True),
    Column("编号", "code", required=True),
    Column("检查内容", "title", required=True),
    Column("检查方法", "method"),
    Column("分值", "points", required=True),
    Column("适用项目类型", "types"),
]
TOTAL_COLUMNS = [Column("项目类型", "project_type", required=True), Column("总分", "points", required=True)]
ITEM_HEADERS = [c.header for c in ITEM_COLUMNS]
TOTAL_HEADERS = [c.header for c in TOTAL_COLUMNS]
TYPE_SEPARATORS = ("、", ",", "，", ";", "；")


def items_for(standard: InspectionStandard, project_type: str):
    """The items of ``standard`` that apply to a project of ``project_type``."""
    return StandardItem.objects.filter(category__standard=standard, project_types__contains=[project_type])


def totals_by_type(standard: InspectionStandard) -> dict[str, Decimal]:
    """Points of the applicable items, summed per project type."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for points, types in StandardItem.objects.filter(category__standard=standard).values_list(
        "points", "project_types"
    ):
        for t in types:
            sums[t] += points
    return dict(sums)


def total_errors(declared: dict[str, Decimal], actual: dict[str, Decimal]) -> list[str]:
    """Messages for every project type whose items do not add up to the declared total."""
    errors = []
    for project_type in sorted(set(declared) | set(actual)):
        want, got = declared.get(project_type), actual.get(project_type, Decimal(0))
        label = choice_label(ProjectType, project_type)
        if want is None:
            errors.append(_("“%(t)s”有检查项但未规定总分。") % {"t": label})
        elif want != got:
            errors.append(
                _("“%(t)s”各项分值合计 %(got)s，与规定总分 %(want)s 不符。") % {"t": label, "got": got, "want": want}
            )
    return errors


def check_totals(standard: InspectionStandard) -> list[str]:
    declared = dict(standard.totals.values_list("project_type", "points"))
    return total_errors(declared, totals_by_type(standard))


def publish(standard: InspectionStandard, *, actor) -> InspectionStandard:
    """Freeze a draft whose totals add up; earlier published versions of it are retired."""
    require(actor, "inspections.publish_standard", standard)
    with transaction.atomic():
        standard = InspectionStandard.objects.select_for_update().get(pk=standard.pk)
        if standard.status != StandardStatus.DRAFT:
            raise InvalidState(_("只有草稿可以发布。"))
        errors = check_totals(standard)
        if errors:
            raise ValidationError(errors)
        InspectionStandard.objects.filter(name=standard.name, status=StandardStatus.PUBLISHED).update(
            status=StandardStatus.RETIRED
        )
        standard.status, standard.published_at = StandardStatus.PUBLISHED, timezone.now()
        standard.save(update_fields=["status", "published_at"])
    return standard


def new_version(standard: InspectionStandard, *, actor) -> InspectionStandard:
    """A draft copy (categories, items, totals) to edit; the copied version stays as it was."""
    require(actor, "inspections.edit_standard", standard)
    with transaction.atomic():
        latest = InspectionStandard.objects.filter(name=standard.name).order_by("-version").first()
        copy = InspectionStandard.objects.create(name=standard.name, version=latest.version + 1, based_on=standard)
        StandardTotal.objects.bulk_create(
            [StandardTotal(standard=copy, project_type=t.project_type, points=t.points) for t in standard.totals.all()]
        )
        for category in standard.categories.prefetch_related("items"):
            new_category = StandardCategory.objects.create(standard=copy, order=category.order, name=category.name)
            StandardItem.objects.bulk_create(
                [
                    StandardItem(
                        category=new_category,
                        code=i.code,
                        title=i.title,
                        method=i.method,
                        points=i.points,
                        project_types=list(i.project_types),
                    )
                    for i in category.items.all()
                ]
            )
    return copy


def edit_item(standard: InspectionStandard, item_id: int, *, actor, points, title: str = "") -> StandardItem:
    """Change an item's points (and wording) in a draft; totals are checked on publication."""
    require(actor, "inspections.edit_standard", standard)
    if standard.is_frozen:
        raise InvalidState(_("已发布的标准不能修改，请先生成新版本。"))
    item = StandardItem.objects.get(pk=item_id, category__standard=standard)
    try:
        item.points = Decimal(str(points))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("分值应为数字。")) from None
    item.title = (title or "").strip() or item.title
    item.full_clean()
    item.save()
    return item


def export_workbook(standard: InspectionStandard) -> bytes:
    # openpyxl takes about a second to import: only the export pays for it (as core.xlsx does).
    from openpyxl import Workbook

    wb = Workbook()
    items = wb.active
    items.title = ITEM_SHEET
    items.append(ITEM_HEADERS)
    for item in StandardItem.objects.filter(category__standard=standard).select_related("category"):
        types = join_list(choice_label(ProjectType, t) for t in item.project_types)
        items.append(
            safe_row(
                items, [item.category.order, item.category.name, item.code, item.title, item.method, item.points, types]
            )
        )
    totals = wb.create_sheet(TOTAL_SHEET)
    totals.append(TOTAL_HEADERS)
    for total in standard.totals.order_by("project_type"):
        totals.append([choice_label(ProjectType, total.project_type), float(total.points)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _types(raw) -> list[str] | None:
    text = str(raw or "").strip()
    if not text or text == "全部":
        return list(ProjectType.values)
    for sep in TYPE_SEPARATORS[1:]:
        text = text.replace(sep, TYPE_SEPARATORS[0])
    values = [parse_choice(ProjectType, part) for part in text.split(TYPE_SEPARATORS[0]) if part.strip()]
    return values if all(v in ProjectType.values for v in values) else None


def import_workbook(standard: InspectionStandard, upload, *, actor) -> int:
    """Replace a draft's categories, items and totals from a workbook (sheets 检查项 and 总分).

    Every row is checked first and the totals must add up per project type; on any error
    nothing changes and :class:`ImportRejected` lists the rows (and totals) at fault.
    """
    require(actor, "inspections.edit_standard", standard)
    if standard.is_frozen:
        raise ImportRejected([RowError(0, _("已发布的标准不能修改，请先生成新版本。"))])
    sheets = read_sheets(upload, {ITEM_SHEET: ITEM_COLUMNS, TOTAL_SHEET: TOTAL_COLUMNS})
    errors, categories, items = _read_items(sheets[ITEM_SHEET])
    declared = _read_totals(sheets[TOTAL_SHEET], errors)
    if errors:
        raise ImportRejected(errors)
    actual: dict[str, Decimal] = defaultdict(Decimal)
    for *_rest, points, types in items:
        for t in types:
            actual[t] += points
    mismatch = total_errors(declared, dict(actual))
    if mismatch:
        raise ImportRejected([RowError(0, message) for message in mismatch])

    with transaction.atomic():
        standard.categories.all().delete()
        standard.totals.all().delete()
        by_order = {
            order: StandardCategory.objects.create(standard=standard, order=order, name=name)
            for order, name in sorted(categories.items())
        }
        StandardItem.objects.bulk_create(
            [
                StandardItem(category=by_order[o], code=c, title=t, method=m, points=p, project_types=ty)
                for o, c, t, m, p, ty in items
            ]
        )
        StandardTotal.objects.bulk_create(
            [StandardTotal(standard=standard, project_type=t, points=p) for t, p in declared.items()]
        )
    return len(items)


def _read_items(rows) -> tuple[list[RowError], dict[int, str], list[tuple]]:
    """Check every row of the 检查项 sheet: row errors, categories by order, and the items."""
    errors, categories, items, codes = [], {}, [], set()
    for number, row in rows:
        problems = []
        try:
            order = int(row["order"])
        except (TypeError, ValueError):
            order = None
            problems.append(_("类别序号应为整数"))
        name, code, title = (str(row[key] or "").strip() for key in ("category", "code", "title"))
        if not name or not code or not title:
            problems.append(_("类别、编号和检查内容不能为空"))
        points = _positive_points(row["points"])
        if points is None:
            problems.append(_("分值应为正数"))
        parsed_types = _types(row["types"])
        if parsed_types is None:
            problems.append(_("适用项目类型无法识别：%(t)s") % {"t": row["types"]})
        if code in codes:
            problems.append(_("编号 %(c)s 重复") % {"c": code})
        codes.add(code)
        if not problems and categories.setdefault(order, name) != name:
            problems.append(_("类别序号 %(o)s 对应了不同的类别名称") % {"o": order})
        if problems:
            errors.append(RowError(number, join_clauses(problems)))
        else:
            items.append((order, code, title, str(row["method"] or "").strip(), points, parsed_types))
    return errors, categories, items


def _positive_points(raw) -> Decimal | None:
    try:
        points = Decimal(str(raw)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        return None
    return points if points.is_finite() and points > 0 else None


def _read_totals(rows, errors: list[RowError]) -> dict[str, Decimal]:
    """The declared total per project type from the 总分 sheet; bad rows are added to ``errors``."""
    declared = {}
    for number, row in rows:
        project_type = parse_choice(ProjectType, row["project_type"])
        points = _positive_points(row["points"])
        if project_type not in ProjectType.values or points is None:
            errors.append(RowError(number, _("“总分”表：项目类型或总分无法识别")))
        else:
            declared[project_type] = points
    return declared
