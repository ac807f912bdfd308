"""Credit records and grades (信用档案): the records are written from their sources by one
idempotent, set-based sync (red and black lists, substantiated complaints, overdue
rectification, summons) plus the penalties officers enter; an enterprise's credit score on a day
is 100 plus the points of its records valid that day, and its grade follows from the score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint
from inspections.models import RectificationOrder, Summons

from .choices import CreditKind, HonourStatus, ListColor, ListStatus, ListSubject
from .models import CreditRecord, Honour, ListEntry

BASE_SCORE = Decimal(100)
GRADES = [(Decimal(95), "A"), (Decimal(85), "B"), (Decimal(70), "C")]


@dataclass(frozen=True)
class Rule:
    points: Decimal
    years: int


RULES = {
    CreditKind.RED_LIST: Rule(Decimal("5"), 1),
    CreditKind.BLACK_LIST: Rule(Decimal("-20"), 2),
    CreditKind.SUBSTANTIATED_COMPLAINT: Rule(Decimal("-0.5"), 1),
    CreditKind.OVERDUE_RECTIFICATION: Rule(Decimal("-2"), 1),
    CreditKind.SUMMONS: Rule(Decimal("-5"), 1),
    CreditKind.HONOUR: Rule(Decimal("5"), 2),
    CreditKind.PENALTY: Rule(Decimal("0"), 3),
}


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def grade(score: Decimal) -> str:
    return next((letter for floor, letter in GRADES if score >= floor), "D")


def score_on(enterprise_id: int, day: dt.date | None = None) -> Decimal:
    return scores_on([enterprise_id], day)[enterprise_id]


def scores_on(enterprise_ids, day: dt.date | None = None) -> dict[int, Decimal]:
    """The credit scores of several enterprises on ``day``, in one grouped query."""
    day = day or timezone.localdate()
    valid = CreditRecord.objects.filter(enterprise_id__in=enterprise_ids).valid_on(day)
    sums = dict(valid.values("enterprise_id").annotate(s=Sum("points")).values_list("enterprise_id", "s"))
    return {pk: BASE_SCORE + (sums.get(pk) or Decimal(0)) for pk in enterprise_ids}


# --- the sources -----------------------------------------------------------------------------
def _sources() -> dict:
    """Per automatic kind: the model its records come from and a queryset of ``(source id,
    enterprise id, day)`` of every source that qualifies now (days in the local time zone)."""
    list_entries = ListEntry.objects.filter(
        edition__status=ListStatus.PUBLISHED, edition__subject=ListSubject.ENTERPRISE
    ).values_list("pk", "enterprise_id", TruncDate("edition__published_at"))
    return {
        CreditKind.RED_LIST: (ListEntry, list_entries.filter(color=ListColor.RED)),
        CreditKind.BLACK_LIST: (ListEntry, list_entries.filter(color=ListColor.BLACK)),
        CreditKind.SUBSTANTIATED_COMPLAINT: (Complaint, Complaint.objects.filter(
            substantiated=True, merged_into__isnull=True, enterprise__isnull=False
        ).values_list("pk", "enterprise_id", TruncDate("created"))),  # fmt: skip
        CreditKind.OVERDUE_RECTIFICATION: (RectificationOrder, RectificationOrder.objects.filter(
            is_overdue=True, enterprise__isnull=False
        ).values_list("pk", "enterprise_id", TruncDate("due_at"))),  # fmt: skip
        CreditKind.SUMMONS: (Summons, Summons.objects.values_list("pk", "enterprise_id", "held_on")),
        CreditKind.HONOUR: (Honour, Honour.objects.filter(
            status=HonourStatus.SELECTED, decided_at__isnull=False
        ).values_list("pk", "enterprise_id", TruncDate("decided_at"))),  # fmt: skip
    }


# One statement per kind: drop the records whose source no longer qualifies, insert those of the
# sources that do and have none yet. valid_until is the same day ``years`` later (29 February:
# the 28th), as _years_later computes it.
SYNC_SQL = """
WITH source (source_id, enterprise_id, day) AS ({sources}),
dropped AS (
    DELETE FROM ratings_creditrecord r
    WHERE r.kind = %s AND r.source_type_id = %s AND r.source_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM source s WHERE s.source_id = r.source_id)
),
added AS (
    INSERT INTO ratings_creditrecord
        (enterprise_id, kind, points, occurred_on, valid_until, source_type_id, source_id, note, created)
    SELECT s.enterprise_id, %s, %s, s.day, (s.day + make_interval(years => %s))::date, %s, s.source_id, '', now()
    FROM source s
    ON CONFLICT (kind, source_type_id, source_id) WHERE source_id IS NOT NULL DO NOTHING
)
SELECT count(*) FROM source
"""


def sync() -> dict[str, int]:
    """Write the records every qualifying source calls for and drop those whose source no longer
    qualifies (a list superseded, a complaint found untrue): one statement per kind, in
    PostgreSQL; running it twice changes nothing. Returns the number of records per kind."""
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for kind, (model, sources) in _sources().items():
            rule, source_type = RULES[kind], ContentType.objects.get_for_model(model).pk
            sql, params = sources.query.sql_with_params()
            cursor.execute(
                SYNC_SQL.format(sources=sql),
                [*params, kind, source_type, kind, rule.points, rule.years, source_type],
            )
            counts[kind] = cursor.fetchone()[0]
    return counts


def record_penalty(enterprise, *, points, occurred_on: dt.date, note: str, actor) -> CreditRecord:
    """An administrative penalty entered by a bureau officer supervising the enterprise."""
    from enterprises.models import Enterprise

    if not (actor.is_bureau_officer and Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists()):
        raise PermissionDenied(_("只有主管部门可以录入行政处罚。"))
    points = Decimal(str(points))
    if not Decimal(-100) <= points < 0:
        raise ValidationError(_("行政处罚的扣分应在 -100 到 0 之间（不含 0）。"))
    if not (note or "").strip():
        raise ValidationError(_("请写明处罚事由和文号。"))
    if occurred_on > timezone.localdate():
        raise ValidationError(_("处罚日期不能晚于今天。"))
    return CreditRecord.objects.create(
        enterprise=enterprise, kind=CreditKind.PENALTY, points=points, occurred_on=occurred_on,
        valid_until=_years_later(occurred_on, RULES[CreditKind.PENALTY].years), note=note.strip()[:200],
        created_by=actor,
    )  # fmt: skip
