"""Loading the demo complaints (:mod:`complaints.demo`) a chunk at a time: the complaints and their
stage records with COPY, then their events in one ``INSERT … SELECT``.

Every event of a demo complaint is a fact already in its row or its stage records (filed at
``created``, accepted at ``accepted_at``, signed when the sign stage ended, the overdue sweep's
reminder when a stage passed its deadline unfinished, …), so PostgreSQL writes them from those
rows instead of Python building, formatting and PostgreSQL parsing 13 million text lines at
province scale. They are numbered as the workflow numbers them: complaint by complaint, in the
order they happened (events at the same moment in the order the workflow writes them).
"""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.db.models import Choices
from django.utils.translation import gettext_noop

from .choices import EventType, Stage, Status

STAFF = gettext_noop("工作人员")  # the actor labels, stored untranslated (see complaints.workflow)
RESIDENT = "居民"
SYSTEM = "系统"
REJECTED_NOTE = "不属于物业管理范畴，已告知诉求渠道。"

COMPLAINT_COLUMNS = [
    "id",
    "tracking_code",
    "channel",
    "external_id",
    "project_id",
    "enterprise_id",
    "region_id",
    "region_path",
    "category_id",
    "description",
    "urgency",
    "complainant_name",
    "complainant_phone",
    "status",
    "created",
    "accepted_at",
    "assigned_at",
    "answered_at",
    "closed_at",
    "assignee_kind",
    "assignee_enterprise_id",
    "assignee_region_id",
    "assignee_department_id",
    "stage",
    "due_at",
    "is_overdue",
    "escalation_level",
    "answer",
    "reject_reason",
    "feedback",
    "feedback_comment",
    "feedback_at",
    "substantiated",
    "outcome",
]
STAGE_COLUMNS = [
    "complaint_id",
    "stage",
    "party",
    "enterprise_id",
    "started_at",
    "working_hours",
    "due_at",
    "ended_at",
    "completed",
]

# The chunk's complaints ``c`` and its stage records ``s``.
COMPLAINTS = "FROM complaints_complaint c WHERE c.id BETWEEN %(first)s AND %(last)s"
STAGES = "FROM complaints_stagerecord s WHERE s.id BETWEEN %(first_stage)s AND %(last_stage)s"
# The stages in the order a complaint goes through them, and its status during each.
STATUS_IN_STAGE = {Stage.ACCEPT: Status.SUBMITTED, Stage.SIGN: Status.ASSIGNED, Stage.ANSWER: Status.SIGNED}
STAGE_NUMBER = "array_position(%(stages)s::text[], s.stage::text)"
STATUS_DURING = f"(%(statuses)s::text[])[{STAGE_NUMBER}]"


def _event(order, source, moment, type_, actor, from_status, to_status, public_note="''", params="'{}'::jsonb"):
    """One kind of event as a SELECT of (order among events at the same moment, complaint, moment,
    type, actor, from status, to status, public note, params) from ``source`` (:data:`COMPLAINTS`
    or :data:`STAGES` and a condition). Choices are quoted here; other values are SQL."""
    complaint = "c.id" if source.startswith(COMPLAINTS) else "s.complaint_id"
    choices = [f"'{v.value}'" if hasattr(v, "value") else v for v in (type_, actor, from_status, to_status)]
    return f"SELECT {', '.join(map(str, [order, complaint, moment, *choices, public_note, params]))} {source}"


# Each kind of event, numbered in the order the workflow writes them: events at the same moment
# keep that order (a reminder comes after the others, the stages' in their order).
EVENTS = {
    "filed": _event(0, COMPLAINTS, "c.created", EventType.SUBMITTED, "%(resident)s", "''", Status.SUBMITTED),
    "rejected": _event(
        1,
        f"{COMPLAINTS} AND c.status = '{Status.REJECTED.value}'",
        "c.closed_at",
        EventType.REJECTED,
        "%(staff)s",
        Status.SUBMITTED,
        Status.REJECTED,
        public_note="%(rejected_note)s",
    ),
    "accepted": _event(
        2,
        f"{COMPLAINTS} AND c.accepted_at IS NOT NULL",
        "c.accepted_at",
        EventType.ACCEPTED,
        "%(staff)s",
        Status.SUBMITTED,
        Status.ACCEPTED,
    ),
    "assigned": _event(
        3,
        f"{COMPLAINTS} AND c.assigned_at IS NOT NULL",
        "c.assigned_at",
        EventType.ASSIGNED,
        "%(staff)s",
        Status.ACCEPTED,
        Status.ASSIGNED,
    ),
    "signed": _event(
        4,
        f"{STAGES} AND s.stage = '{Stage.SIGN.value}' AND s.completed",
        "s.ended_at",
        EventType.SIGNED,
        "%(staff)s",
        Status.ASSIGNED,
        Status.SIGNED,
    ),
    "answered": _event(
        5,
        f"{COMPLAINTS} AND c.answered_at IS NOT NULL",
        "c.answered_at",
        EventType.ANSWERED,
        "%(staff)s",
        Status.SIGNED,
        Status.ANSWERED,
        public_note="c.answer",
    ),
    "rated": _event(
        6,
        f"{COMPLAINTS} AND c.feedback <> ''",
        "c.feedback_at",
        EventType.FEEDBACK,
        "%(resident)s",
        Status.ANSWERED,
        Status.ANSWERED,
        params="jsonb_build_object('rating', c.feedback)",
    ),
    "closed": _event(
        7,
        f"{COMPLAINTS} AND c.status = '{Status.CLOSED.value}'",
        "c.closed_at",
        EventType.CLOSED,
        "%(system)s",
        Status.ANSWERED,
        Status.CLOSED,
        params="jsonb_build_object('outcome', c.outcome)",
    ),
    # The overdue sweep's reminder: once for each stage that passed its deadline unfinished.
    "overdue": _event(
        f"8 + {STAGE_NUMBER}",
        f"{STAGES} AND s.due_at < coalesce(s.ended_at, %(now)s)",
        "s.due_at",
        EventType.OVERDUE,
        "%(staff)s",
        STATUS_DURING,
        STATUS_DURING,
        params="jsonb_build_object('stage', s.stage, "
        "'due', to_char(s.due_at AT TIME ZONE %(time_zone)s, 'YYYY-MM-DD HH24:MI'))",
    ),
}
EVENTS_SQL = (
    "INSERT INTO complaints_complaintevent "
    "(complaint_id, created, type, actor_label, from_status, to_status, note, public_note, params) "
    "SELECT complaint_id, created, type, actor, from_status, to_status, '', public_note, params FROM ("
    + " UNION ALL ".join(f"({sql})" for sql in EVENTS.values())
    + ") AS e(rank, complaint_id, created, type, actor, from_status, to_status, public_note, params) "
    "ORDER BY complaint_id, created, rank"
)


def event_parameters(now: dt.datetime) -> dict:
    """The constants of :data:`EVENTS_SQL` (each chunk adds its bounds)."""
    return {
        "staff": STAFF,
        "resident": RESIDENT,
        "system": SYSTEM,
        "rejected_note": REJECTED_NOTE,
        "stages": [stage.value for stage in STATUS_IN_STAGE],
        "statuses": [status.value for status in STATUS_IN_STAGE.values()],
        "time_zone": settings.TIME_ZONE,
        "now": now,
    }


def _tsv(value) -> str:
    cls = value.__class__
    if cls is dt.datetime:
        return value.isoformat()
    if cls is int:
        return str(value)
    if value is None:
        return "\\N"
    if cls is bool:
        return "t" if value else "f"
    if isinstance(value, Choices):  # identifiers: nothing to escape
        return value.value
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def lines(rows) -> io.StringIO:
    """Rows in COPY's text format. Most values are plain strings without a tab, newline or
    backslash, written as they are; ``_tsv`` formats the rest."""
    buf = io.StringIO()
    buf.writelines(
        "\t".join([v if v.__class__ is str and v.isprintable() and "\\" not in v else _tsv(v) for v in row]) + "\n"
        for row in rows
    )
    buf.seek(0)
    return buf


def _copy(cursor, table: str, columns: list[str], buf: io.StringIO) -> None:
    # One read of the whole buffer: each read needs the GIL, which the generating thread holds
    # for up to 5 ms at a time.
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf, size=len(buf.getvalue()) + 1)


def load_chunk(raw_connection, complaints: io.StringIO, stages: io.StringIO, ids: range, parameters: dict) -> None:
    """COPY a chunk's complaints (numbered ``ids``) and stage records, then write their events.
    Runs in the copier thread, on the psycopg2 connection under the seeding thread's Django
    connection (Django's belong to their thread), so in its transaction."""
    with raw_connection.cursor() as cursor:
        _copy(cursor, "complaints_complaint", COMPLAINT_COLUMNS, complaints)
        # The stage records are numbered by their sequence, which need not start after the last.
        last_stage_sql = "SELECT coalesce(max(id), 0) FROM complaints_stagerecord"
        cursor.execute(last_stage_sql)
        first_stage = cursor.fetchone()[0] + 1
        _copy(cursor, "complaints_stagerecord", STAGE_COLUMNS, stages)
        cursor.execute(last_stage_sql)
        last_stage = cursor.fetchone()[0]
        bounds = {"first": ids.start, "last": ids.stop - 1, "first_stage": first_stage, "last_stage": last_stage}
        cursor.execute(EVENTS_SQL, {**parameters, **bounds})
