"""Objections (异议) to a draft quarter: an enterprise may object to its own enterprise score or
one of its project scores within five working days of the run's finish, with a reason and
photos; an officer supervising it upholds (optionally adding points to the enterprise score) or
rejects it, each with a reason. One objection per score may be pending at a time (a partial
unique constraint holds it too), so what waits is bounded by the quarter's scores; a quarter is
published once its window has closed and every objection is decided."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.calendar import WorkCalendar
from core.errors import InvalidState
from core.permissions import may, require

from .choices import ObjectionStatus, RunStatus
from .models import EnterpriseScore, Objection, ObjectionPhoto, ProjectScore, ScoringRun

WINDOW_WORKING_HOURS = 5 * 8
MAX_REASON = 2000
PENDING_ALREADY = _lazy("对该得分的异议尚在处理中，处理完毕前不能再提出。")


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


def _project_id(score) -> int | None:
    return score.project_id if isinstance(score, ProjectScore) else None


def _pending_on(score):
    """The objections still pending on ``score`` (its run, enterprise and project, if any)."""
    return Objection.objects.filter(
        run_id=score.run_id,
        enterprise_id=score.enterprise_id,
        project_id=_project_id(score),
        status=ObjectionStatus.PENDING,
    )


def may_file(score, user) -> bool:
    """Whether ``user`` may object to ``score`` (an EnterpriseScore or ProjectScore) now: its
    own score, inside the window, with no objection to it still pending."""
    own = may(user, "ratings.file_objection", score)
    return bool(own and is_open(score.run) and not _pending_on(score).exists())


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
        if _pending_on(score).exists():
            raise InvalidState(PENDING_ALREADY)
        try:
            with transaction.atomic():  # a concurrent filing meets the partial unique constraint
                objection = Objection.objects.create(
                    run=run,
                    enterprise_id=score.enterprise_id,
                    project_id=_project_id(score),
                    reason=reason,
                    filed_by=actor,
                )
        except IntegrityError as error:
            raise InvalidState(PENDING_ALREADY) from error
        ObjectionPhoto.store(images, objection=objection)
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
    # The figures a reviewer attested have changed: the quarter is reviewed again before it is
    # published.
    ScoringRun.objects.filter(pk=objection.run_id).update(reviewed_by=None, reviewed_at=None)


def upheld_adjustments(run: ScoringRun) -> dict[int, list[Objection]]:
    """The upheld objections with points of ``run`` by enterprise (kept when a run is re-aggregated)."""
    found: dict[int, list[Objection]] = {}
    for objection in Objection.objects.filter(run=run, status=ObjectionStatus.UPHELD, adjustment__isnull=False):
        found.setdefault(objection.enterprise_id, []).append(objection)
    return found


def pending(run: ScoringRun) -> int:
    """How many objections to ``run`` still wait for a decision."""
    return Objection.objects.filter(run=run, status=ObjectionStatus.PENDING).count()


def publication_refusal(run: ScoringRun, *, actor, now=None) -> str | None:
    """Why ``run`` may not be published yet, or None: an officer publishes once the objection
    window has closed (publishing earlier would cut it short) and every objection is decided.
    The system (``actor`` None: demo data, tests of history) only waits for the decisions."""
    end = deadline(run)
    if actor is not None and end is not None and (now or timezone.now()) <= end:
        when = timezone.localtime(end).strftime("%Y-%m-%d %H:%M")
        return _("异议期至 %(end)s 结束，届满后才能公布。") % {"end": when}
    waiting = pending(run)
    if waiting:
        return _("该季度尚有 %(n)d 件异议未处理，处理完毕后才能公布。") % {"n": waiting}
    return None
