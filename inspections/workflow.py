"""Inspections: created from a draw (or ad hoc), scored item by item by the inspectors on site,
submitted by one and countersigned by another — or returned by the other with a reason, revised
and submitted again; on countersigning, findings become rectification orders."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.menu import forget_badges
from core.permissions import require

from . import rectification
from .choices import InspectionStatus, StandardStatus, WorkEventType
from .models import Deduction, Draw, Inspection, InspectionStandard, Photo, StandardItem, record
from .standards import items_for

DEFAULT_RECTIFICATION_DAYS = 10
# Working days the drawn inspectors have to inspect and submit.
INSPECTION_WORKING_DAYS = 20
# While the deductions may still change: before the first submission, or after a return.
EDITABLE = (InspectionStatus.ASSIGNED, InspectionStatus.RETURNED)


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
            inspection.due_on = timezone.localtime(rectification.due(timezone.now(), INSPECTION_WORKING_DAYS)).date()
            inspection.save(update_fields=["total_points", "due_on"])
            record(inspection, WorkEventType.CREATED, note=draw.name)
            created.append(inspection)
    return created


def _total(inspection: Inspection) -> Decimal:
    return applicable_items(inspection).aggregate(t=Sum("points"))["t"] or Decimal(0)


def _require_inspector(inspection: Inspection, actor) -> None:
    require(actor, "inspections.inspect", inspection)


def deduct(
    inspection: Inspection, *, actor, item: StandardItem, points, reason: str, images=(), rectify=True
) -> Deduction:
    """Take points off an applicable item (at most its value), with a reason; replaces an
    earlier deduction on the same item."""
    _require_inspector(inspection, actor)
    if not applicable_items(inspection).filter(pk=item.pk).exists():
        raise ValidationError(_("该检查项不适用于此类项目。"))
    points = _check_points(item, points)
    if not (reason or "").strip():
        raise ValidationError(_("扣分必须写明理由。"))
    with transaction.atomic():
        # Locked and re-read: a stale copy must not let a deduction slip in after submission.
        if Inspection.objects.select_for_update().get(pk=inspection.pk).status not in EDITABLE:
            raise InvalidState(_("检查已提交，不能再修改扣分。"))
        deduction, _created = Deduction.objects.update_or_create(
            inspection=inspection,
            item=item,
            defaults={"points": points, "reason": reason.strip(), "needs_rectification": rectify, "created_by": actor},
        )
        Photo.store(images, deduction=deduction)
        record(inspection, WorkEventType.DEDUCTED, actor, note=f"{item.code} -{points} {reason.strip()}")
    return deduction


def _lock_editable(inspection: Inspection, actor) -> Inspection:
    """The inspection, locked, while its deductions may still change: only by one of its
    inspectors and only before submission (or after a return)."""
    _require_inspector(inspection, actor)
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.status not in EDITABLE:
        raise InvalidState(_("检查已提交，不能再修改扣分。"))
    return locked


def _check_points(item: StandardItem, points) -> Decimal:
    points = Decimal(str(points))
    if not Decimal("0") < points <= item.points:
        raise ValidationError(_("扣分应大于 0 且不超过该项分值 %(p)s。") % {"p": item.points})
    return points


def edit_deduction(deduction: Deduction, *, actor, points, reason: str, rectify=True, images=()) -> Deduction:
    """Change a deduction's points, reason or rectification flag and add photos, before the
    inspection is submitted (or after a return) and only by one of its inspectors."""
    points = _check_points(deduction.item, points)
    if not (reason or "").strip():
        raise ValidationError(_("扣分必须写明理由。"))
    with transaction.atomic():
        _lock_editable(deduction.inspection, actor)
        deduction = Deduction.objects.select_for_update().select_related("item").get(pk=deduction.pk)
        deduction.points, deduction.reason, deduction.needs_rectification = points, reason.strip(), rectify
        deduction.save(update_fields=["points", "reason", "needs_rectification"])
        Photo.store(images, deduction=deduction)
        record(
            deduction.inspection,
            WorkEventType.DEDUCTION_EDITED,
            actor,
            note=f"{deduction.item.code} -{points} {deduction.reason}",
        )
    return deduction


def remove_deduction(deduction: Deduction, *, actor) -> None:
    """Withdraw a deduction (and its photos) before the inspection is submitted (or after a
    return), only by one of its inspectors: the item counts in full again."""
    with transaction.atomic():
        inspection = _lock_editable(deduction.inspection, actor)
        deduction = Deduction.objects.select_for_update().select_related("item").get(pk=deduction.pk)
        files = [p.file for p in deduction.photos.all()]
        note = f"{deduction.item.code} +{deduction.points}"
        deduction.delete()
        record(inspection, WorkEventType.DEDUCTION_REMOVED, actor, note=note)
        # The files go only once the rows are gone for good.
        transaction.on_commit(lambda: [f.delete(save=False) for f in files])


def deductions_of(inspection: Inspection):
    """The deductions in the standard's order, with their items: what a countersigner confirms."""
    return inspection.deductions.select_related("item__category").order_by("item__category__order", "item__code")


def running_score(inspection: Inspection) -> dict:
    """The score as it stands: the applicable total less the deductions recorded so far."""
    agg = inspection.deductions.aggregate(
        t=Sum("points"), n=Count("pk"), r=Count("pk", filter=Q(needs_rectification=True))
    )
    deducted, total = agg["t"] or Decimal(0), inspection.total_points
    return {"total": total, "deducted": deducted, "score": total - deducted, "count": agg["n"], "rectify": agg["r"]}


def assigned_to(user):
    """The inspections ``user`` is one of the inspectors of, those still open first by due date."""
    return (
        Inspection.objects.visible_to(user)
        .filter(inspectors=user)
        .select_related("project__region", "enterprise", "submitted_by")
        .order_by(F("due_on").asc(nulls_last=True), "-created")
    )


def waiting_on(user) -> int:
    """How many inspections wait for ``user``: to inspect or revise, or to countersign another's
    submission."""
    waiting = Q(status__in=EDITABLE) | (Q(status=InspectionStatus.SUBMITTED) & ~Q(submitted_by_id=user.pk))
    return Inspection.objects.filter(waiting, inspectors=user).count()


def submit(inspection: Inspection, *, actor) -> Inspection:
    """The score is the applicable total less the deductions, computed here, never typed. A
    returned inspection is submitted again the same way, once revised."""
    _require_inspector(inspection, actor)
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.status not in EDITABLE:
            raise InvalidState(_("检查已提交。"))
        inspection.total_points = _total(inspection)
        inspection.deducted = inspection.deductions.aggregate(t=Sum("points"))["t"] or Decimal(0)
        inspection.score = inspection.total_points - inspection.deducted
        inspection.status, inspection.submitted_by, inspection.submitted_at = (
            InspectionStatus.SUBMITTED,
            actor,
            timezone.now(),
        )
        inspection.save()
        record(inspection, WorkEventType.SUBMITTED, actor, note=str(inspection.score))
        forget_badges(*inspection.inspectors.values_list("pk", flat=True))  # now the others' turn
    return inspection


def countersign(inspection: Inspection, *, actor, days: int = DEFAULT_RECTIFICATION_DAYS) -> Inspection:
    """A second inspector confirms; each deduction marked for rectification becomes an order."""
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().select_related("project").get(pk=inspection.pk)
        require(actor, "inspections.countersign", inspection)
        if inspection.status != InspectionStatus.SUBMITTED:
            raise InvalidState(_("只有待会签的检查可以会签。"))
        inspection.status, inspection.countersigned_by, inspection.countersigned_at = (
            InspectionStatus.COUNTERSIGNED,
            actor,
            timezone.now(),
        )
        inspection.save()
        record(inspection, WorkEventType.COUNTERSIGNED, actor)
        forget_badges(*inspection.inspectors.values_list("pk", flat=True))
        rectification.issue_findings(inspection, actor=actor, days=days)
    return inspection


def return_for_revision(inspection: Inspection, *, actor, reason: str) -> Inspection:
    """The second inspector disagrees: the inspection goes back to be revised, with the reason
    (recorded as an event); its deductions may change again and it is submitted anew. Nothing
    is issued to the enterprise."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("退回必须写明理由。"))
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        require(actor, "inspections.return_inspection", inspection)
        if inspection.status != InspectionStatus.SUBMITTED:
            raise InvalidState(_("只有待会签的检查可以退回。"))
        inspection.status, inspection.return_reason = InspectionStatus.RETURNED, reason
        inspection.save(update_fields=["status", "return_reason"])
        record(inspection, WorkEventType.RETURNED, actor, note=reason)
        forget_badges(*inspection.inspectors.values_list("pk", flat=True))
    return inspection
