"""Enterprise-level adjustments of a quarter's score (加减分), each one line of the explanation:

- summons in the quarter: ``summons_penalty`` each, at most ``summons_penalty_cap`` (computed
  with the household-weighted base in ``jobs.ENTERPRISE_SQL``);
- an honour (评先树优) of the quarter's year selected for the enterprise: ``honour_bonus`` points,
  once however many honours it received that year;
- administrative penalties (行政处罚) officers entered with a date in the quarter: the points
  entered × ``penalty_factor``, one line each;
- upheld objections with points (``objections``).

A scheme without ``honour_bonus`` or ``penalty_factor`` (published before they existed) applies
neither, so its quarters recompute to what was published.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .choices import CreditKind, HonourStatus
from .models import CreditRecord, Honour, ScoringRun

ONE_PLACE = Decimal("0.1")


def _param(run: ScoringRun, key: str) -> Decimal:
    return Decimal(str(run.scheme.params.get(key, 0)))


def honour_lines(run: ScoringRun) -> dict[int, dict]:
    """By enterprise: the line for its honours selected for the year of ``run``'s quarter."""
    bonus = _param(run, "honour_bonus")
    if not bonus:
        return {}
    honours = Honour.objects.filter(year=run.year, status=HonourStatus.SELECTED).order_by("pk")
    found: dict[int, list[int]] = {}
    for enterprise_id, pk in honours.values_list("enterprise_id", "pk"):
        found.setdefault(enterprise_id, []).append(pk)
    return {
        enterprise_id: {"kind": "honour", "year": run.year, "honours": pks, "points": float(bonus)}
        for enterprise_id, pks in found.items()
    }


def penalty_lines(run: ScoringRun) -> dict[int, list[dict]]:
    """By enterprise: one line per administrative penalty dated in ``run``'s quarter."""
    factor = _param(run, "penalty_factor")
    if not factor:
        return {}
    first, end = run.period.first_day, run.period.next().first_day
    penalties = CreditRecord.objects.filter(
        kind=CreditKind.PENALTY, occurred_on__gte=first, occurred_on__lt=end
    ).order_by("occurred_on", "pk")
    found: dict[int, list[dict]] = {}
    for record in penalties:
        points = (record.points * factor).quantize(ONE_PLACE, ROUND_HALF_UP)
        line = {
            "kind": "penalty",
            "record": record.pk,
            "date": record.occurred_on.isoformat(),
            "note": record.note,
            "points": float(points),
        }
        found.setdefault(record.enterprise_id, []).append(line)
    return found


def lines(run: ScoringRun) -> dict[int, list[dict]]:
    """By enterprise: the honour and penalty lines of ``run`` (summons and objections apart)."""
    found: dict[int, list[dict]] = {}
    for enterprise_id, line in honour_lines(run).items():
        found.setdefault(enterprise_id, []).append(line)
    for enterprise_id, penalties in penalty_lines(run).items():
        found.setdefault(enterprise_id, []).extend(penalties)
    return found


def total(adjustments: list[dict]) -> Decimal:
    """The sum of the lines' points (each a tenth at most: exact in Decimal)."""
    return sum((Decimal(str(line["points"])) for line in adjustments), Decimal(0))
