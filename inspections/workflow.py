"""Inspections: created from a draw (or ad hoc), scored item by item by the inspectors on site,
submitted by one and countersigned by another; findings become rectification orders."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState

from . import rectification
from .choices import InspectionStatus, OrderSource, StandardStatus, WorkEventType
from .models import Deduction, Draw, Inspection, InspectionStandard, Photo, StandardItem, record
from .standards import items_for

DEFAULT_RECTIFICATION_DAYS = 10


def current_standard() -> InspectionStandard:
    standard = (
        InspectionStandard.objects.filter(status=StandardStatus.PUBLISHED).order_by("-published_at", "-pk").first()
    )
    if standard is None:
        raise ValidationError(_("还没有已发布的检查标准。"))
    return standard


def applicable_items(inspection: Inspection):
    return items_for(inspection.standard, inspection.project.project_type).select_related("category")


def create_for_draw(draw: Draw, *, standard: InspectionStandard | None = None) -> list[Inspection]:
    """One inspection per drawn project, with the drawn inspectors (idempotent)."""
    standard = standard or current_standard()
    created = []
    with transaction.atomic():
        for result in draw.results.select_related("project").filter(inspection__isnull=True):
            inspection = Inspection.objects.create(
                project=result.project,
                enterprise_id=result.project.enterprise_id,
                standard=standard,
                draw_result=result,
            )
            inspection.inspectors.set(result.inspectors)
            inspection.total_points = _total(inspection)
            inspection.save(update_fields=["total_points"])
            record(inspection, WorkEventType.CREATED, note=draw.name)
            created.append(inspection)
    return created


def _total(inspection: Inspection) -> Decimal:
    return applicable_items(inspection).aggregate(t=Sum("points"))["t"] or Decimal(0)


def _require_inspector(inspection: Inspection, actor) -> None:
    if not inspection.inspectors.filter(pk=actor.pk).exists():
        raise PermissionDenied(_("只有本次检查的检查人员可以操作。"))


def deduct(
    inspection: Inspection, *, actor, item: StandardItem, points, reason: str, images=(), rectify=True
) -> Deduction:
    """Take points off an applicable item (at most its value), with a reason; replaces an
    earlier deduction on the same item."""
    _require_inspector(inspection, actor)
    points = Decimal(str(points))
    if not applicable_items(inspection).filter(pk=item.pk).exists():
        raise ValidationError(_("该检查项不适用于此类项目。"))
    if not Decimal("0") < points <= item.points:
        raise ValidationError(_("扣分应大于 0 且不超过该项分值 %(p)s。") % {"p": item.points})
    if not (reason or "").strip():
        raise ValidationError(_("扣分必须写明理由。"))
    with transaction.atomic():
        # Locked and re-read: a stale copy must not let a deduction slip in after submission.
        if Inspection.objects.select_for_update().get(pk=inspection.pk).status != InspectionStatus.ASSIGNED:
            raise InvalidState(_("检查已提交，不能再修改扣分。"))
        deduction, _created = Deduction.objects.update_or_create(
            inspection=inspection, item=item,
            defaults={"points": points, "reason": reason.strip(), "needs_rectification": rectify, "created_by": actor},
        )  # fmt: skip
        Photo.store(images, deduction=deduction)
        record(inspection, WorkEventType.DEDUCTED, actor, note=f"{item.code} -{points} {reason.strip()}")
    return deduction


def submit(inspection: Inspection, *, actor) -> Inspection:
    """The score is the applicable total less the deductions, computed here, never typed."""
    _require_inspector(inspection, actor)
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.status != InspectionStatus.ASSIGNED:
            raise InvalidState(_("检查已提交。"))
        inspection.total_points = _total(inspection)
        inspection.deducted = inspection.deductions.aggregate(t=Sum("points"))["t"] or Decimal(0)
        inspection.score = inspection.total_points - inspection.deducted
        inspection.status, inspection.submitted_by, inspection.submitted_at = (
            InspectionStatus.SUBMITTED, actor, timezone.now(),
        )  # fmt: skip
        inspection.save()
        record(inspection, WorkEventType.SUBMITTED, actor, note=str(inspection.score))
    return inspection


def countersign(inspection: Inspection, *, actor, days: int = DEFAULT_RECTIFICATION_DAYS) -> Inspection:
    """A second inspector confirms; each deduction marked for rectification becomes an order."""
    _require_inspector(inspection, actor)
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().select_related("project").get(pk=inspection.pk)
        if inspection.status != InspectionStatus.SUBMITTED:
            raise InvalidState(_("只有待会签的检查可以会签。"))
        if inspection.submitted_by_id == actor.pk:
            raise ValidationError(_("会签须由另一名检查人员进行。"))
        inspection.status, inspection.countersigned_by, inspection.countersigned_at = (
            InspectionStatus.COUNTERSIGNED, actor, timezone.now(),
        )  # fmt: skip
        inspection.save()
        record(inspection, WorkEventType.COUNTERSIGNED, actor)
        for deduction in inspection.deductions.filter(needs_rectification=True).select_related("item"):
            rectification.issue(
                project=inspection.project, source=OrderSource.INSPECTION, actor=actor, days=days,
                issue=f"{deduction.item.code} {deduction.item.title}：{deduction.reason}", deduction=deduction,
            )  # fmt: skip
    return inspection
