"""Working time: weekends, public holidays and make-up workdays (调休), in Asia/Shanghai, during
the bureau's working periods (default 9:00–12:00 and 13:00–18:00, so one working day is 8
working hours). Complaint SLAs and rectification deadlines both count on it."""

from __future__ import annotations

import bisect
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone

from .refcache import ReferenceCache

LOOKAHEAD_DAYS = 400
SHIPPED_YEARS = Path(__file__).resolve().parent / "calendar_data"


def _exceptions():
    from .models import CalendarDay

    return dict(CalendarDay.objects.values_list("date", "is_workday"))


cache = ReferenceCache(_exceptions)


def working_periods() -> list[tuple[dt.time, dt.time]]:
    return [(dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in settings.SLA_WORKING_PERIODS]


MICROSECOND = dt.timedelta(microseconds=1)


def _of_day(moment: dt.time) -> int:
    """Microseconds after midnight."""
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond


class WorkCalendar:
    """Which days are workdays: Monday–Friday unless a ``CalendarDay`` says otherwise.

    Working time is counted on a running total: the working microseconds before each day, from
    the first day asked about, extended as later days are needed. Adding working hours is then
    two look-ups (where the start stands on the total, which day holds the total plus the hours)
    instead of a walk through every period in between; a calendar kept for many deadlines (the
    demo seed, a backfill) reuses its total."""

    def __init__(self, exceptions: dict[dt.date, bool] | None = None):
        self.exceptions = exceptions or {}
        self.periods = working_periods()
        self.tz = timezone.get_default_timezone()
        # The periods as microseconds after midnight (wall-clock time; Asia/Shanghai keeps no DST).
        self._spans = [(_of_day(begin), _of_day(end)) for begin, end in self.periods]
        self._workday_length = sum(end - begin for begin, end in self._spans)
        self._first: dt.date | None = None
        self._before: list[int] = []  # working microseconds before the day first + i

    @classmethod
    def current(cls) -> WorkCalendar:
        """The calendar as stored (cached per process, see :mod:`core.refcache`)."""
        return cls(cache.get())

    def is_workday(self, day: dt.date) -> bool:
        return self.exceptions.get(day, day.weekday() < 5)

    def add_working_hours(self, start: dt.datetime, hours: Decimal | float) -> dt.datetime:
        """The moment ``hours`` of working time after ``start`` (aware, local time zone); from
        outside working time the clock starts when the next working period begins, and a
        deadline that falls on the end of a period is that end (12:00, not 13:00)."""
        current = timezone.localtime(start, self.tz)
        amount = dt.timedelta(hours=float(hours)) // MICROSECOND
        if amount <= 0:
            return self._next_working_moment(current)
        return self._moment_at(self._position(current) + amount)

    # The running total ------------------------------------------------------------------------
    def _day_microseconds(self, day: dt.date) -> int:
        return self._workday_length if self.is_workday(day) else 0

    def _cover(self, day: dt.date) -> int:
        """The index of ``day`` in the total, extending it to hold the day and the one after."""
        if self._first is None or day < self._first:
            self._first, self._before = day, [0]
        index = (day - self._first).days
        while len(self._before) <= index + 1:
            last = self._first + dt.timedelta(days=len(self._before) - 1)
            self._before.append(self._before[-1] + self._day_microseconds(last))
        return index

    def _position(self, moment: dt.datetime) -> int:
        """Working microseconds from the total's first day to ``moment``."""
        day = moment.date()
        index = self._cover(day)  # first: it may start the total afresh
        position = self._before[index]
        if self.is_workday(day):
            now = _of_day(moment.time())
            position += sum(min(now, end) - begin for begin, end in self._spans if now > begin)
        return position

    def _moment_at(self, position: int) -> dt.datetime:
        """The earliest moment at which ``position`` working microseconds have passed."""
        for _ in range(LOOKAHEAD_DAYS * 3):
            if self._before[-1] >= position:
                break
            self._cover(self._first + dt.timedelta(days=len(self._before)))
        else:
            raise ValueError("no working time found within the look-ahead; is the calendar all holidays?")
        index = bisect.bisect_left(self._before, position) - 1
        day = self._first + dt.timedelta(days=index)
        remaining = position - self._before[index]
        for begin, end in self._spans:
            if remaining <= end - begin:
                return dt.datetime.combine(day, dt.time.min, self.tz) + (begin + remaining) * MICROSECOND
            remaining -= end - begin
        raise AssertionError("the running total and the periods disagree")  # pragma: no cover

    def _next_working_moment(self, current: dt.datetime) -> dt.datetime:
        """``current`` if it is working time, else when the next working period begins."""
        day = current.date()
        for _ in range(LOOKAHEAD_DAYS * 3):
            if self.is_workday(day):
                for begin, end in self.periods:
                    begin_at, end_at = dt.datetime.combine(day, begin, self.tz), dt.datetime.combine(day, end, self.tz)
                    if current < end_at:
                        return max(current, begin_at)
            day += dt.timedelta(days=1)
        raise ValueError("no working time found within the look-ahead; is the calendar all holidays?")


def read_year(path: Path) -> list[dict]:
    """The days of one year's file: ``{"year": 2026, "days": [{"date": "2026-02-14", "workday":
    true, "name": "春节调休上班"}]}``; a file naming its year must hold only that year's dates."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    year = data.get("year")
    for row in data["days"]:
        if year is not None and dt.date.fromisoformat(row["date"]).year != year:
            raise ValueError(f"{path}: {row['date']} is not in {year}")
    return data["days"]


def shipped_days() -> list[dict]:
    """Every day of the years shipped in ``core/calendar_data``."""
    return [row for path in sorted(SHIPPED_YEARS.glob("*.json")) for row in read_year(path)]


def _calendar_days(model, rows: list[dict]) -> list:
    return [
        model(date=dt.date.fromisoformat(r["date"]), is_workday=bool(r["workday"]), name=r.get("name", ""))
        for r in rows
    ]


def load_calendar(rows: list[dict], *, replace: bool = False) -> list[dt.date]:
    """Upsert calendar exceptions: ``[{"date": "2026-02-14", "workday": true, "name": "春节调休上班"}]``.

    With ``replace``, the years the rows cover end up holding exactly these rows: the other days
    stored in those years are deleted (a provisional year replaced by the official notice drops
    the holidays it had guessed). Returns the dates deleted."""
    from .models import CalendarDay

    days = _calendar_days(CalendarDay, rows)
    with transaction.atomic():
        removed = []
        if replace:
            stale = CalendarDay.objects.filter(date__year__in={d.date.year for d in days}).exclude(
                date__in=[d.date for d in days]
            )
            removed = sorted(stale.values_list("date", flat=True))
            stale.delete()
        CalendarDay.objects.bulk_create(
            days, update_conflicts=True, unique_fields=["date"], update_fields=["is_workday", "name"]
        )
    cache.clear()  # bulk writes send no signals
    return removed


def install_shipped_years() -> None:
    """Load (or refresh) the holiday years shipped with the portal."""
    load_calendar(shipped_days())


def add_shipped_days(model, using: str = DEFAULT_DB_ALIAS) -> None:
    """Add the shipped days the table lacks; a stored day is never changed (an administrator may
    have corrected it). ``model`` may be a migration state's ``CalendarDay``."""
    model._default_manager.using(using).bulk_create(_calendar_days(model, shipped_days()), ignore_conflicts=True)
    cache.clear()


def add_shipped_days_after_migrate(*, using, apps=global_apps, **kwargs) -> None:
    """``post_migrate``: a year shipped after the database was set up (a new file in
    ``calendar_data``) is added by the release's ``migrate``, with no step to remember. (``flush``
    sends the signal too, without ``apps``.)"""
    try:
        model = apps.get_model("core", "CalendarDay")
    except LookupError:  # core migrated back to zero
        return
    if router.allow_migrate_model(using, model):
        add_shipped_days(model, using)
