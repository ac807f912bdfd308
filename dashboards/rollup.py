"""The statistics roll-up: keeps :mod:`dashboards.models` current from the complaint tables.

Every complaint change writes a complaint event, so the events since the watermark name the
complaints that changed; their *days received* are recomputed whole from the complaint table
(one grouped ``INSERT … SELECT`` per run of consecutive days) and the difference between a day's
old and new rows is added to the monthly tables (one grouped upsert each). The cost follows the
days touched since the last run, not the history. ``rebuild()`` recomputes everything.

Events are numbered before their transaction commits, so one with a lower id can become visible
after a higher one: the watermark only passes events older than ``SETTLE`` (a transaction that
stays open longer than that before committing is caught by the next ``--rebuild``). Re-processing
a day is harmless, so the overlap costs a little work and never a wrong count.

One roll-up runs at a time: the state row is locked with NOWAIT and a second worker skips.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from complaints import measures
from complaints.choices import OPEN_STATUSES, Status
from complaints.models import Complaint, ComplaintEvent
from regions.models import Region

from .models import COUNT_FIELDS, Backlog, ComplaintDaily, ProjectMonthly, RegionMonthly, RollupState

SETTLE = dt.timedelta(minutes=2)

COMPLAINT = Complaint._meta.db_table
EVENT = ComplaintEvent._meta.db_table
DAILY = ComplaintDaily._meta.db_table
REGION_MONTHLY = RegionMonthly._meta.db_table
PROJECT_MONTHLY = ProjectMonthly._meta.db_table
BACKLOG = Backlog._meta.db_table
REGION = Region._meta.db_table

KEYS = ("day", "region_id", "region_path", "category_id", "channel", "enterprise_id", "project_id")
COUNTS = ", ".join(COUNT_FIELDS)

# One complaint's contribution to each count: the measures of complaints.measures, judged now
# (the figures built on them: dashboards.statistics). A complaint's stages are read through its
# own index entries (LATERAL): as a join or EXISTS the planner hashed every stage of the history
# for a day's complaints, a cost that followed the history.
STAGES_JOIN = measures.stages_join("now()")
COUNT_SQL = {key: measures.MEASURES[key].count_sql() for key in COUNT_FIELDS}
assert tuple(COUNT_SQL) == COUNT_FIELDS


@dataclass
class Result:
    days: int = 0
    skipped: bool = False
    seconds: float = 0.0


def _local_day_sql() -> str:
    return f"(c.created AT TIME ZONE '{settings.TIME_ZONE}')::date"


def _bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days as ``(first, last)`` runs: one range condition each, on the created index."""
    runs: list[list[dt.date]] = []
    for day in sorted(set(days)):
        if runs and day - runs[-1][1] == dt.timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


def _insert_days(cursor, first: dt.date, last: dt.date) -> None:
    start, end = _bounds(first, last)
    cursor.execute(
        f"INSERT INTO {DAILY} ({', '.join(KEYS)}, {COUNTS}) "
        f"SELECT {_local_day_sql()}, c.region_id, c.region_path, c.category_id, c.channel, c.enterprise_id, "
        f"c.project_id, {', '.join(COUNT_SQL.values())} FROM {COMPLAINT} c {STAGES_JOIN} "
        f"WHERE c.created >= %s AND c.created < %s GROUP BY 1, 2, 3, 4, 5, 6, 7",
        [start, end],
    )


def _apply_delta(cursor, *, fresh: bool = False) -> None:
    """Add ``stat_delta`` (old rows with sign −1, new rows with +1) to the monthly tables. ``fresh``:
    they are empty (a rebuild), so the rows are inserted in the order of their unique key, without
    the upsert (a third less work for the same rows)."""
    sums = ", ".join(f"sum(d.sign * d.{f})" for f in COUNT_FIELDS)
    updates = ", ".join(f"{f} = t.{f} + EXCLUDED.{f}" for f in COUNT_FIELDS)
    # Summed by month and community first, then spread over each community's ancestors.
    month_sums = ", ".join(f"sum(d.sign * d.{f}) AS {f}" for f in COUNT_FIELDS)
    spread = ", ".join(f"sum(m.{f})" for f in COUNT_FIELDS)
    by_community = (
        f"m AS (SELECT date_trunc('month', d.day)::date AS month, d.region_path, d.category_id, d.channel, "
        f"{month_sums} FROM stat_delta d GROUP BY 1, 2, 3, 4)"
    )
    region_rows = (
        f"INSERT INTO {REGION_MONTHLY} AS t (month, region_id, level, parent_id, category_id, channel, {COUNTS}) "
        f"SELECT m.month, r.id, r.level, r.parent_id, m.category_id, m.channel, {spread} FROM m "
        f"CROSS JOIN LATERAL unnest(string_to_array(rtrim(m.region_path, '/'), '/')) AS a(code) "
        f"JOIN {REGION} r ON r.code = a.code GROUP BY 1, 2, 3, 4, 5, 6"
    )
    project_rows = (
        f"INSERT INTO {PROJECT_MONTHLY} AS t (month, project_id, enterprise_id, region_path, {COUNTS}) "
        f"SELECT date_trunc('month', d.day)::date, d.project_id, d.enterprise_id, max(d.region_path), {sums} "
        f"FROM stat_delta d WHERE d.project_id IS NOT NULL GROUP BY 1, 2, 3"
    )
    if fresh:
        cursor.execute(f"WITH {by_community} {region_rows} ORDER BY 2, 1, 5, 6")
        cursor.execute(f"{project_rows} ORDER BY 2, 1, 3")
        return
    cursor.execute(
        f"WITH {by_community}, up AS ({region_rows} "
        f"ON CONFLICT (region_id, month, category_id, channel) DO UPDATE SET {updates} "
        f"RETURNING t.id, t.received) SELECT id FROM up WHERE received = 0"
    )
    empty = [row[0] for row in cursor.fetchall()]
    if empty:
        cursor.execute(f"DELETE FROM {REGION_MONTHLY} WHERE id = ANY(%s)", [empty])
    cursor.execute(
        f"WITH up AS ({project_rows} "
        f"ON CONFLICT (project_id, month, enterprise_id) DO UPDATE SET {updates}, region_path = EXCLUDED.region_path "
        f"RETURNING t.id, t.received) SELECT id FROM up WHERE received = 0"
    )
    empty = [row[0] for row in cursor.fetchall()]
    if empty:
        cursor.execute(f"DELETE FROM {PROJECT_MONTHLY} WHERE id = ANY(%s)", [empty])


def recompute_days(days: list[dt.date]) -> None:
    """Recompute the daily rows of ``days`` and carry the difference into the monthly tables.
    Run inside a transaction."""
    if not days:
        return
    days = sorted(set(days))
    columns = ", ".join(KEYS) + ", " + COUNTS
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE stat_delta ON COMMIT DROP AS SELECT -1 AS sign, {columns} FROM {DAILY} "
            f"WHERE day = ANY(%s)",
            [days],
        )
        cursor.execute(f"DELETE FROM {DAILY} WHERE day = ANY(%s)", [days])
        for first, last in _runs(days):
            _insert_days(cursor, first, last)
        cursor.execute(f"INSERT INTO stat_delta SELECT 1, {columns} FROM {DAILY} WHERE day = ANY(%s)", [days])
        _apply_delta(cursor)
        cursor.execute("DROP TABLE stat_delta")


def refresh_backlog() -> None:
    """Open work per community, from the open complaints (the status index), replaced whole."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {BACKLOG}")
        cursor.execute(
            f"INSERT INTO {BACKLOG} (region_id, region_path, open, waiting, overdue) "
            f"SELECT c.region_id, max(c.region_path), count(*), "
            f"count(*) FILTER (WHERE c.status = %s), count(*) FILTER (WHERE c.is_overdue) "
            f"FROM {COMPLAINT} c WHERE c.status = ANY(%s) GROUP BY c.region_id",
            [Status.SUBMITTED.value, [s.value for s in OPEN_STATUSES]],
        )


def _claim_state() -> RollupState | None:
    """The state row, locked for this transaction; None when another roll-up holds it."""
    RollupState.objects.get_or_create(pk=1)
    try:
        return RollupState.objects.select_for_update(nowait=True).get(pk=1)
    except OperationalError:
        return None


def _changed_days(cursor, last_event_id: int, last_complaint_id: int, event_to: int) -> list[dt.date]:
    # ANY(ARRAY(…)), not IN (…): with a few thousand events since the watermark the planner hashes
    # them and scans the whole complaint table (its cost then follows the history); an array of
    # ids is looked up in the primary key index.
    cursor.execute(
        f"SELECT {_local_day_sql()} FROM {COMPLAINT} c WHERE c.id = ANY(ARRAY("
        f"SELECT DISTINCT e.complaint_id FROM {EVENT} e WHERE e.id > %s AND e.id <= %s)) "
        f"UNION SELECT {_local_day_sql()} FROM {COMPLAINT} c WHERE c.id > %s",
        [last_event_id, event_to, last_complaint_id],
    )
    return [row[0] for row in cursor.fetchall()]


# Every dashboard view keys its cached sections by the last roll-up's finish: kept in the cache
# so that a view need not read it, and forgotten when a roll-up finishes (now and at its commit).
STAMP_KEY = "dashboards:rollup-finished"
STAMP_SECONDS = 60


def finished_stamp() -> int:
    """The last roll-up's finish in microseconds (0 before the first one)."""
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        finished = RollupState.objects.filter(pk=1).values_list("finished", flat=True).first()
        stamp = int(finished.timestamp() * 1_000_000) if finished else 0
        cache.set(STAMP_KEY, stamp, STAMP_SECONDS)
    return stamp


def _forget_stamp() -> None:
    cache.delete(STAMP_KEY)
    transaction.on_commit(lambda: cache.delete(STAMP_KEY))


def run(now: dt.datetime | None = None) -> Result:
    """One incremental roll-up; skipped (``Result.skipped``) while another is running."""
    started = time.monotonic()
    now = now or timezone.now()
    with transaction.atomic():
        state = _claim_state()
        if state is None:
            return Result(skipped=True)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), %s) FROM {EVENT} WHERE id > %s", [state.last_event_id] * 2)
            event_to = cursor.fetchone()[0]
            days = _changed_days(cursor, state.last_event_id, state.last_complaint_id, event_to)
            # The watermark passes only settled events (and the complaints they were filed with).
            cursor.execute(
                f"SELECT coalesce(max(e.id), %s), coalesce(max(e.complaint_id), 0) FROM {EVENT} e "
                f"WHERE e.id > %s AND e.created < %s",
                [state.last_event_id, state.last_event_id, now - SETTLE],
            )
            settled_event, _ = cursor.fetchone()
            cursor.execute(
                f"SELECT coalesce(max(id), %s) FROM {COMPLAINT} WHERE id > %s AND created < %s",
                [state.last_complaint_id, state.last_complaint_id, now - SETTLE],
            )
            settled_complaint = cursor.fetchone()[0]
        recompute_days(days)
        refresh_backlog()
        state.last_event_id, state.last_complaint_id = settled_event, settled_complaint
        state.started, state.finished = now, timezone.now()
        state.days = len(days)
        state.duration_ms = int((time.monotonic() - started) * 1000)
        state.save()
        _forget_stamp()
    return Result(days=len(days), seconds=time.monotonic() - started)


def rebuild() -> Result:
    """Recompute every table from scratch (after a bulk load or a definition change)."""
    started = time.monotonic()
    now = timezone.now()
    with transaction.atomic():
        state = _claim_state()
        if state is None:
            return Result(skipped=True)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {EVENT} WHERE created < %s", [now - SETTLE])
            settled_event = cursor.fetchone()[0]
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {COMPLAINT} WHERE created < %s", [now - SETTLE])
            settled_complaint = cursor.fetchone()[0]
            cursor.execute(f"TRUNCATE {DAILY}, {REGION_MONTHLY}, {PROJECT_MONTHLY}")
            cursor.execute(f"SELECT min(created), max(created) FROM {COMPLAINT}")
            first, last = cursor.fetchone()
            if first is not None:
                first, last = timezone.localdate(first), timezone.localdate(last)
                month = first.replace(day=1)
                while month <= last:  # a month at a time: bounded sorts and memory
                    following = (month + dt.timedelta(days=32)).replace(day=1)
                    _insert_days(cursor, month, following - dt.timedelta(days=1))
                    month = following
            cursor.execute(
                f"CREATE TEMP TABLE stat_delta ON COMMIT DROP AS SELECT 1 AS sign, "
                f"{', '.join(KEYS)}, {COUNTS} FROM {DAILY}"
            )
            cursor.execute("ANALYZE stat_delta")  # every daily row: planned for what it holds
            _apply_delta(cursor, fresh=True)
            cursor.execute("DROP TABLE stat_delta")
        refresh_backlog()
        state.last_event_id, state.last_complaint_id = settled_event, settled_complaint
        state.started, state.finished = now, timezone.now()
        state.rebuilt = state.finished
        state.duration_ms = int((time.monotonic() - started) * 1000)
        state.days = 0
        state.save()
        _forget_stamp()
    return Result(seconds=time.monotonic() - started)
