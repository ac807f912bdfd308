"""Working time: weekends, public holidays and make-up workdays (调休), in Asia/Shanghai, during
the bureau's working periods (default 9:00–12:00 and 13:00–18:00, so one working day is 8
working hours). Complaint SLAs and rectification deadlines both count on it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
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


class WorkCalendar:
    """Which days are workdays: Monday–Friday unless a ``CalendarDay`` says otherwise."""

    def __init__(self, exceptions: dict[dt.date, bool] | None = None):
        self.exceptions = exceptions or {}
        self.periods = working_periods()

    @classmethod
    def current(cls) -> WorkCalendar:
        """The calendar as stored (cached per process, see :mod:`core.refcache`)."""
        return cls(cache.get())

    def is_workday(self, day: dt.date) -> bool:
        return self.exceptions.get(day, day.weekday() < 5)

    def add_working_hours(self, start: dt.datetime, hours: Decimal | float) -> dt.datetime:
        """The moment ``hours`` of working time after ``start`` (aware, local time zone)."""
        tz = timezone.get_default_timezone()
        current = timezone.localtime(start, tz)
        remaining = dt.timedelta(hours=float(hours))
        day = current.date()
        for _ in range(LOOKAHEAD_DAYS * 3):
            if self.is_workday(day):
                for begin, end in self.periods:
                    seg_start = max(current, dt.datetime.combine(day, begin, tz))
                    seg_end = dt.datetime.combine(day, end, tz)
                    if seg_start >= seg_end:
                        continue
                    if remaining <= seg_end - seg_start:
                        return seg_start + remaining
                    remaining -= seg_end - seg_start
            day += dt.timedelta(days=1)
            current = dt.datetime.combine(day, dt.time.min, tz)
        raise ValueError("no working time found within the look-ahead; is the calendar all holidays?")


def load_calendar(rows: list[dict]) -> int:
    """Upsert calendar exceptions: ``[{"date": "2026-02-14", "workday": true, "name": "春节调休"}]``."""
    from .models import CalendarDay

    objs = [CalendarDay(date=dt.date.fromisoformat(r["date"]), is_workday=bool(r["workday"]), name=r.get("name", ""))
            for r in rows]  # fmt: skip
    CalendarDay.objects.bulk_create(
        objs, update_conflicts=True, unique_fields=["date"], update_fields=["is_workday", "name"]
    )
    cache.clear()  # bulk writes send no signals
    return len(objs)


def install_shipped_years() -> None:
    """Load (or refresh) the holiday years shipped with the portal."""
    for path in sorted(SHIPPED_YEARS.glob("*.json")):
        load_calendar(json.loads(path.read_text(encoding="utf-8"))["days"])
