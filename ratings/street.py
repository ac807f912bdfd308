"""The street office's quarterly evaluation of the projects in its street (多层级考核:
街道办事处考核物业企业), one of the score's components."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.permissions import may, require
from core.quarters import Quarter

from .choices import RunStatus
from .models import ScoringRun, StreetEvaluation


def may_evaluate(actor, project) -> bool:
    """A street officer of the project's street (or an administrator)."""
    return may(actor, "ratings.evaluate_street", project)


def is_closed(quarter: Quarter) -> bool:
    """A quarter whose scores are published takes no more evaluations."""
    return ScoringRun.objects.filter(year=quarter.year, quarter=quarter.number, status=RunStatus.PUBLISHED).exists()


def evaluate(project, quarter: Quarter, *, score, note: str = "", actor) -> StreetEvaluation:
    """Record (or correct) the street's 0–100 evaluation of ``project`` for ``quarter``; a
    quarter whose scores are published is closed."""
    require(actor, "ratings.evaluate_street", project)
    score = Decimal(str(score))
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError(_("评分应在 0 到 100 之间。"))
    if is_closed(quarter):
        raise ValidationError(_("%(q)s 的考核结果已公布，不能再评价。") % {"q": quarter})
    evaluation, _created = StreetEvaluation.objects.update_or_create(
        project=project,
        year=quarter.year,
        quarter=quarter.number,
        defaults={"score": score, "note": note.strip()[:500], "evaluated_by": actor},
    )
    return evaluation
