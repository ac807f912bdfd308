"""Objections (异议) to a draft quarter: an enterprise may object to its own enterprise score or
one of its project scores within five working days of the run's finish, with a reason and
photos; an officer supervising it upholds (optionally adding points to the enterprise score) or
rejects it, each with a reason. A quarter is not published while objections are pending."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import WorkCalendar
from core.errors import InvalidState
from core.permissions import may, require

from .choices import ObjectionStatus, RunStatus
from .models import EnterpriseScore, Objection, ObjectionPhoto, ProjectScore, ScoringRun

WINDOW_WORKING_HOURS = 5 * 8
MAX_REASON = 2000


def deadline(run: ScoringRun):
    """The end of the objection window: five working days after the run finished (None while
    it has not)."""
    if run.finished is None:
        return None
    return WorkCalendar.current().add_working_hours(run.finished, WINDOW_WORKING_HOURS)


def is_open(run: ScoringRun, now=None) -> bool:
    """Whether objections may be filed against ``run`` now: a draft within its window."""
    end = deadline(run)
    return run.status == RunStatus.DRAFT and end is not None and (now or timezone.now()) <= end


def may_file(score, user) -> bool:
    """Whether ``user`` may object to ``score`` (an EnterpriseScore or ProjectScore) now."""
    return may(user, "ratings.file_objection", score) and is_open(score.run)


def file(score, *, actor, reason: str, images=()) -> Objection:
    """File an objection to ``score`` with ``images`` already checked by ``clean_images``."""
    require(actor, "ratings.file_objection", score)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidState(_("请填写异议理由。"))
    if len(reason) > MAX_REASON:
        raise InvalidState(_("异议理由不超过 %(n)d 字。") % {"n": MAX_REASON})
    with transaction.atomic():
        run = ScoringRun.objects.select_for_update().get(pk=score.run_id)
        if not is_open(run):
            raise InvalidState(_("异议须在季度得分计算完成后 5 个工作日内、公布前提出。"))
        project_id = score.project_id if isinstance(score, ProjectScore) else None
        objection = Objection.objects.create(
            run=run, enterprise_id=score.enterprise_id, project_id=project_id, reason=reason, filed_by=actor
        )
        for image in images:
            photo = ObjectionPhoto(objection=objection, content_type=image.content_type)
            photo.file.save("photo", image, save=False)
            photo.save()
    return objection


def _decide(objection: Objection, *, actor, status: str, reason: str, adjustment=None) -> Objection:
    require(actor, "ratings.decide_objection", objection)
    reason = (reason or "").strip()[:MAX_REASON]
    if not reason:
        raise InvalidState(_("处理异议必须写明理由。"))
    with transaction.atomic():
        run = ScoringRun.objects.select_for_update().get(pk=objection.run_id)
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        if locked.status != ObjectionStatus.PENDING or run.status != RunStatus.DRAFT:
            raise InvalidState(_("只有待审核季度中待处理的异议可以处理。"))
        locked.status, locked.decision, locked.adjustment = status, reason, adjustment or None
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.save()
        if locked.adjustment:
            _adjust(locked)
    return locked


def uphold(objection: Objection, *, actor, reason: str, adjustment: Decimal | None = None) -> Objection:
    """The objection stands; ``adjustment`` points (±) are added to the enterprise score."""
    if adjustment is not None and not Decimal(-100) <= Decimal(adjustment) <= Decimal(100):
        raise InvalidState(_("调整分值应在 −100 至 100 之间。"))
    return _decide(objection, actor=actor, status=ObjectionStatus.UPHELD, reason=reason, adjustment=adjustment)


def reject(objection: Objection, *, actor, reason: str) -> Objection:
    return _decide(objection, actor=actor, status=ObjectionStatus.REJECTED, reason=reason)


def adjustment_line(objection: Objection) -> dict:
    return {"kind": "objection", "objection": objection.pk, "points": float(objection.adjustment)}


def rescore(score: EnterpriseScore) -> None:
    """score = base + adjustment, kept within 0–100 (in place, unsaved)."""
    score.score = min(Decimal(100), max(Decimal(0), score.base_score + score.adjustment))


def _adjust(objection: Objection) -> None:
    score = EnterpriseScore.objects.select_for_update().filter(run=objection.run, enterprise=objection.enterprise)
    score = score.first()
    if score is None:
        return
    score.adjustment += objection.adjustment
    score.adjustments = [*score.adjustments, adjustment_line(objection)]
    rescore(score)
    score.save(update_fields=["adjustment", "adjustments", "score"])


def upheld_adjustments(run: ScoringRun) -> dict[int, list[Objection]]:
    """The upheld objections with points of ``run`` by enterprise (kept when a run is re-aggregated)."""
    found: dict[int, list[Objection]] = {}
    for objection in Objection.objects.filter(run=run, status=ObjectionStatus.UPHELD, adjustment__isnull=False):
        found.setdefault(objection.enterprise_id, []).append(objection)
    return found


def pending(run: ScoringRun) -> int:
    return Objection.objects.filter(run=run, status=ObjectionStatus.PENDING).count()
