"""Credit records and grades (信用档案): the records are written from their sources by one
idempotent, set-based sync (red and black lists, substantiated complaints, overdue
rectification, summons) plus the penalties officers enter; an enterprise's credit score on a day
is 100 plus the points of its records valid that day, and its grade follows from the score.

Every record says what caused it (``note``). A quarter's red (black) list counts once per
enterprise: the city's and a district's lists of the same quarter naming it make one record that
names and links both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, CharField, Sum, Value, When
from django.db.models.functions import Cast, Concat, JSONObject, Left, TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.models import Complaint
from core.permissions import require
from core.punctuation import join_list
from core.quarters import check_past_date
from inspections.models import RectificationOrder, Summons

from .choices import CreditKind, HonourKind, HonourStatus, ListColor, ListStatus, ListSubject
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
def _labels(field: str, choices) -> Case:
    """A choice's label in SQL (the note is stored text, in the portal's language)."""
    return Case(*[When(**{field: value}, then=Value(str(label))) for value, label in choices], default=Value(""))


def _sources() -> dict:
    """Per automatic kind but the lists: the model its records come from and a queryset of
    ``(source id, enterprise id, day, note, params)`` of every source that qualifies now (days in
    the local time zone; the note says what caused the record in the portal's language, the
    parameters let it read in the reader's: ratings.reasons.CREDIT_NOTES)."""
    complaints = Complaint.objects.filter(substantiated=True, merged_into__isnull=True, enterprise__isnull=False)
    orders = RectificationOrder.objects.filter(is_overdue=True, enterprise__isnull=False)
    honours = Honour.objects.filter(status=HonourStatus.SELECTED, decided_at__isnull=False)
    return {
        CreditKind.SUBSTANTIATED_COMPLAINT: (
            Complaint,
            complaints.values_list(
                "pk",
                "enterprise_id",
                TruncDate("created"),
                Concat(Value(_("有效投诉：")), "project__name", Value("（"), "category__name", Value("）")),
                JSONObject(project="project__name", category="category__code", category_name="category__name"),
            ),
        ),
        CreditKind.OVERDUE_RECTIFICATION: (
            RectificationOrder,
            orders.values_list(
                "pk",
                "enterprise_id",
                TruncDate("due_at"),
                Concat(
                    Value(_("整改逾期：")),
                    "project__name",
                    Value(_("，整改期限 ")),
                    Cast(TruncDate("due_at"), CharField()),
                ),
                JSONObject(project="project__name", due=Cast(TruncDate("due_at"), CharField())),
            ),
        ),
        CreditKind.SUMMONS: (
            Summons,
            Summons.objects.values_list(
                "pk",
                "enterprise_id",
                "held_on",
                Concat(Value(_("约谈：")), Left("reason", 150)),
                JSONObject(reason=Left("reason", 150)),
            ),
        ),
        CreditKind.HONOUR: (
            Honour,
            honours.values_list(
                "pk",
                "enterprise_id",
                TruncDate("decided_at"),
                Concat(
                    Cast("year", CharField()),
                    Value(_(" 年度 ")),
                    "region__name",
                    Value(" "),
                    _labels("kind", HonourKind.choices),
                    Case(When(project__isnull=False, then=Concat(Value(" · "), "project__name")), default=Value("")),
                ),
                JSONObject(year="year", region="region__name", honour="kind", project="project__name"),
            ),
        ),
    }


# One statement per kind: drop the records whose source no longer qualifies, insert those of the
# sources that do and have none yet, and write the note and parameters of those whose note or
# parameters say something else (records written before notes or parameters were). valid_until
# is the same day ``years`` later (29 February: the 28th), as _years_later computes it.
SYNC_SQL = """
WITH source (source_id, enterprise_id, day, note, params) AS ({sources}),
dropped AS (
    DELETE FROM ratings_creditrecord r
    WHERE r.kind = %s AND r.source_type_id = %s AND r.source_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM source s WHERE s.source_id = r.source_id)
),
added AS (
    INSERT INTO ratings_creditrecord
        (enterprise_id, kind, points, occurred_on, valid_until, source_type_id, source_id, note, params, created)
    SELECT s.enterprise_id, %s, %s, s.day, (s.day + make_interval(years => %s))::date, %s, s.source_id,
           left(s.note, 200), s.params, now()
    FROM source s
    ON CONFLICT (kind, source_type_id, source_id) WHERE source_id IS NOT NULL
    DO UPDATE SET note = EXCLUDED.note, params = EXCLUDED.params
    WHERE (ratings_creditrecord.note, ratings_creditrecord.params) IS DISTINCT FROM (EXCLUDED.note, EXCLUDED.params)
)
SELECT count(*) FROM source
"""


def sync() -> dict[str, int]:
    """Write the records every qualifying source calls for and drop those whose source no longer
    qualifies (a list superseded, a complaint found untrue): one statement per kind, in
    PostgreSQL, and one pass over the published enterprise lists; running it twice changes
    nothing. Returns the number of records per kind."""
    counts = {}
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic(), connection.cursor() as cursor:
        # Two syncs at once (beat and a published list) would both add a quarter's list record.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended('ratings.credit.sync', 0))")
        counts.update(_sync_lists())
        for kind, (model, sources) in _sources().items():
            rule, source_type = RULES[kind], ContentType.objects.get_for_model(model).pk
            sql, params = sources.query.sql_with_params()
            cursor.execute(
                SYNC_SQL.format(sources=sql),
                [*params, kind, source_type, kind, rule.points, rule.years, source_type],
            )
            counts[kind] = cursor.fetchone()[0]
    return counts


LIST_KINDS = {ListColor.RED: CreditKind.RED_LIST, ListColor.BLACK: CreditKind.BLACK_LIST}


@dataclass
class ListCause:
    """The published enterprise lists of one quarter and colour that name an enterprise."""

    period: str
    color: str
    editions: list = field(default_factory=list)  # (region path, region name, edition id, published day)

    @property
    def day(self) -> dt.date:
        return min(day for _path, _name, _pk, day in self.editions)

    @property
    def edition_ids(self) -> set[int]:
        return {pk for _path, _name, pk, _day in self.editions}

    @property
    def params(self) -> dict:
        """The record's parameters (ratings.reasons.CREDIT_NOTES)."""
        return {"period": self.period, "regions": [name for _path, name, _pk, _day in sorted(self.editions)]}

    @property
    def note(self) -> str:
        regions = join_list(self.params["regions"])
        label = ListColor(self.color).label
        return (_("%(q)s %(c)s：%(r)s") % {"q": self.period, "c": label, "r": regions})[:200]


def list_causes() -> dict[tuple[int, int, str], ListCause]:
    """(enterprise id, run id, credit kind) → the published (not superseded) enterprise lists of
    that quarter and colour naming the enterprise: one credit record each."""
    entries = ListEntry.objects.filter(
        edition__status=ListStatus.PUBLISHED, edition__subject=ListSubject.ENTERPRISE
    ).values_list(
        "enterprise_id",
        "color",
        "edition_id",
        "edition__run_id",
        "edition__run__year",
        "edition__run__quarter",
        "edition__region__path",
        "edition__region__name",
        "edition__published_at",
    )
    causes: dict[tuple[int, int, str], ListCause] = {}
    for enterprise_id, color, edition_id, run_id, year, quarter, path, name, published_at in entries:
        kind = LIST_KINDS[color]
        cause = causes.setdefault((enterprise_id, run_id, kind), ListCause(f"{year}Q{quarter}", color))
        day = timezone.localdate(published_at)
        if edition_id not in cause.edition_ids:
            cause.editions.append((path, name, edition_id, day))
    return causes


def _sync_lists() -> dict[str, int]:
    """One record per enterprise, quarter and colour of the published lists: added, dated by the
    first of them published, its note and links kept to the lists; dropped when no published
    list names the enterprise any more (a correction took it off)."""
    causes = list_causes()
    existing = {
        (r.enterprise_id, r.run_id, r.kind): r
        for r in CreditRecord.objects.filter(kind__in=LIST_KINDS.values(), run__isnull=False).prefetch_related("lists")
    }
    gone = [r.pk for key, r in existing.items() if key not in causes]
    CreditRecord.objects.filter(pk__in=gone).delete()
    links = CreditRecord.lists.through
    for key, cause in causes.items():
        enterprise_id, run_id, kind = key
        record = existing.get(key)
        fields = {
            "occurred_on": cause.day,
            "valid_until": _years_later(cause.day, RULES[kind].years),
            "note": cause.note,
            "params": cause.params,
            "points": RULES[kind].points,
        }
        if record is None:
            record = CreditRecord.objects.create(enterprise_id=enterprise_id, run_id=run_id, kind=kind, **fields)
        elif any(getattr(record, name) != value for name, value in fields.items()):
            CreditRecord.objects.filter(pk=record.pk).update(**fields)
        linked = {e.pk for e in record.lists.all()} if key in existing else set()
        if linked != cause.edition_ids:
            links.objects.filter(creditrecord_id=record.pk).delete()
            links.objects.bulk_create(
                [links(creditrecord_id=record.pk, listedition_id=pk) for pk in sorted(cause.edition_ids)]
            )
    counts = dict.fromkeys(LIST_KINDS.values(), 0)
    for _enterprise, _run, kind in causes:
        counts[kind] += 1
    return counts


def record_penalty(enterprise, *, points, occurred_on: dt.date, note: str, actor) -> CreditRecord:
    """An administrative penalty entered by a bureau officer supervising the enterprise."""
    require(actor, "ratings.record_penalty", enterprise)
    points = Decimal(str(points))
    if not Decimal(-100) <= points < 0:
        raise ValidationError(_("行政处罚的扣分应在 -100 到 0 之间（不含 0）。"))
    if not (note or "").strip():
        raise ValidationError(_("请写明处罚事由和文号。"))
    # attempt 9: a penalty dated 0001-01-01
    check_past_date(occurred_on, label=_("处罚日期"), not_before=enterprise.founded, since=_("企业成立日期"))
    return CreditRecord.objects.create(
        enterprise=enterprise,
        kind=CreditKind.PENALTY,
        points=points,
        occurred_on=occurred_on,
        valid_until=_years_later(occurred_on, RULES[CreditKind.PENALTY].years),
        note=note.strip()[:200],
        created_by=actor,
    )
