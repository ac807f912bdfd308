"""Inspection standards: totals per project type, publication, new versions, Excel in and out."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.xlsx import ImportRejected, RowError, choice_label, parse_choice, safe_row
from projects.choices import ProjectType

from .choices import StandardStatus
from .models import InspectionStandard, StandardCategory, StandardItem, StandardTotal

ITEM_HEADERS = ["类别序号", "类别", "编号", "检查内容", "检查方法", "分值", "适用项目类型"]
TOTAL_HEADERS = ["项目类型", "总分"]
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
    if not actor.is_bureau_officer:
        raise PermissionDenied(_("只有住建主管部门可以发布检查标准。"))
    with transaction.atomic():
        standard = InspectionStandard.objects.select_for_update().get(pk=standard.pk)
        if standard.status != StandardStatus.DRAFT:
            raise ValidationError(_("只有草稿可以发布。"))
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
    if not actor.is_bureau_officer:
        raise PermissionDenied(_("只有住建主管部门可以修订检查标准。"))
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
                    )  # fmt: skip
                    for i in category.items.all()
                ]
            )
    return copy


def edit_item(standard: InspectionStandard, item_id: int, *, actor, points, title: str = "") -> StandardItem:
    """Change an item's points (and wording) in a draft; totals are checked on publication."""
    if not actor.is_bureau_officer:
        raise PermissionDenied(_("只有住建主管部门可以修改检查标准。"))
    if standard.is_frozen:
        raise ValidationError(_("已发布的标准不能修改，请先生成新版本。"))
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
    from openpyxl import Workbook

    wb = Workbook()
    items = wb.active
    items.title = "检查项"
    items.append(ITEM_HEADERS)
    for item in StandardItem.objects.filter(category__standard=standard).select_related("category"):
        types = "、".join(choice_label(ProjectType, t) for t in item.project_types)
        items.append(
            safe_row(
                items, [item.category.order, item.category.name, item.code, item.title, item.method, item.points, types]
            )
        )
    totals = wb.create_sheet("总分")
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
    from openpyxl import load_workbook

    if not actor.is_bureau_officer:
        raise PermissionDenied(_("只有住建主管部门可以导入检查标准。"))
    if standard.is_frozen:
        raise ImportRejected([RowError(0, _("已发布的标准不能修改，请先生成新版本。"))])
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
        item_rows = list(wb["检查项"].iter_rows(values_only=True))
        total_rows = list(wb["总分"].iter_rows(values_only=True))
    except KeyError:
        raise ImportRejected([RowError(0, _("文件须包含“检查项”和“总分”两个工作表。"))]) from None
    except Exception:
        raise ImportRejected([RowError(0, _("无法读取文件，请上传 Excel（.xlsx）格式的文件。"))]) from None
    if not item_rows or [str(h).strip() if h else "" for h in item_rows[0][: len(ITEM_HEADERS)]] != ITEM_HEADERS:
        raise ImportRejected([RowError(1, _("“检查项”表头应为：%(h)s") % {"h": "、".join(ITEM_HEADERS)})])

    errors, categories, items, codes = [], {}, [], set()
    for number, row in enumerate(item_rows[1:], start=2):
        if not any(row):
            continue
        order, name, code, title, method, points, types = (list(row) + [None] * 7)[:7]
        problems = []
        try:
            order = int(order)
        except (TypeError, ValueError):
            problems.append(_("类别序号应为整数"))
        if not name or not code or not title:
            problems.append(_("类别、编号和检查内容不能为空"))
        try:
            points = Decimal(str(points)).quantize(Decimal("0.1"))
            if points <= 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            problems.append(_("分值应为正数"))
        parsed_types = _types(types)
        if parsed_types is None:
            problems.append(_("适用项目类型无法识别：%(t)s") % {"t": types})
        if code in codes:
            problems.append(_("编号 %(c)s 重复") % {"c": code})
        codes.add(code)
        if not problems and categories.setdefault(order, str(name).strip()) != str(name).strip():
            problems.append(_("类别序号 %(o)s 对应了不同的类别名称") % {"o": order})
        if problems:
            errors.append(RowError(number, "；".join(problems)))
        else:
            items.append(
                (order, str(code).strip(), str(title).strip(), str(method or "").strip(), points, parsed_types)
            )

    declared = {}
    for number, row in enumerate(total_rows[1:], start=2):
        if not row or not any(row):
            continue
        project_type = parse_choice(ProjectType, row[0])
        try:
            declared[project_type] = Decimal(str(row[1])).quantize(Decimal("0.1"))
            if project_type not in ProjectType.values:
                raise InvalidOperation
        except (InvalidOperation, ValueError, IndexError):
            errors.append(RowError(number, _("“总分”表：项目类型或总分无法识别")))
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
            ]  # fmt: skip
        )
        StandardTotal.objects.bulk_create(
            [StandardTotal(standard=standard, project_type=t, points=p) for t, p in declared.items()]
        )
    return len(items)
