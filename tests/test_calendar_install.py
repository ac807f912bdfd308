"""A real installation has the shipped calendar years: a new, empty database migrated from zero
(Django's migration executor, as ``migrate`` runs it, without the test fixtures' loader and
without ``post_migrate``) holds every day of every file in ``core/calendar_data``.

The whole module runs on that database: its fixture points the default connection at it."""

import datetime as dt
import json
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import calendar, health
from core.calendar import WorkCalendar
from core.models import CalendarDay

CALENDAR_DATA = Path(__file__).resolve().parent.parent / "core" / "calendar_data"
TZ = dt.timezone(dt.timedelta(hours=8))


def _admin(sql: str) -> None:
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres", host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"]
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


@pytest.fixture(scope="module", autouse=True)
def migrated_from_zero(django_db_blocker):
    """A new database, migrated from zero to the leaves of this code, as the default connection."""
    name = f"calendar_{uuid.uuid4().hex[:8]}"
    _admin(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    saved = connection.settings_dict["NAME"]
    try:
        with django_db_blocker.unblock():
            assert not connection.in_atomic_block
            connection.close()
            connection.settings_dict["NAME"] = name
            executor = MigrationExecutor(connection)
            assert executor.loader.applied_migrations == {}  # really from zero
            executor.migrate(executor.loader.graph.leaf_nodes())
            calendar.cache.clear()
            yield name
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved
        calendar.cache.clear()  # it holds this database's days
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _shipped() -> dict[int, list[dict]]:
    years = {}
    for path in sorted(CALENDAR_DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        years[data["year"]] = data["days"]
    return years


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def test_the_shipped_years_include_2025_to_2027():
    assert {2025, 2026, 2027} <= set(_shipped())


def test_every_shipped_day_is_in_the_migrated_database():
    for year, days in _shipped().items():
        stored = {
            day.date.isoformat(): (day.is_workday, day.name) for day in CalendarDay.objects.filter(date__year=year)
        }
        assert stored == {row["date"]: (row["workday"], row["name"]) for row in days}, year
        assert len(stored) == len(days)


def test_holidays_and_make_up_days_of_the_migrated_database():
    cal = WorkCalendar.current()
    assert not cal.is_workday(dt.date(2026, 10, 1))  # 国庆节, a Thursday
    assert not cal.is_workday(dt.date(2026, 9, 25))  # 中秋节, a Friday
    assert cal.is_workday(dt.date(2026, 9, 20))  # 国庆节调休上班, a Sunday
    assert not cal.is_workday(dt.date(2025, 1, 28))  # 春节, a Tuesday
    assert cal.is_workday(dt.date(2025, 1, 26))  # 春节调休上班, a Sunday
    assert cal.is_workday(dt.date(2025, 10, 11))  # 国庆节、中秋节调休上班, a Saturday


def test_working_hours_skip_a_holiday_and_count_a_make_up_day():
    cal = WorkCalendar.current()
    # Thu 24 Sep 2026 9:00 + 16 working hours: Thu 24 (8 h), Fri 25 中秋节, the weekend, Mon 28 (8 h).
    assert cal.add_working_hours(at(2026, 9, 24, 9, 0), 16) == at(2026, 9, 28, 18, 0)
    # Fri 18 Sep 2026 18:00 + 8 working hours: Sunday 20 Sep is a make-up workday.
    assert cal.add_working_hours(at(2026, 9, 18, 18, 0), 8) == at(2026, 9, 20, 18, 0)


def test_readiness_of_the_migrated_database_wants_this_and_next_year(monkeypatch):
    monkeypatch.setattr(health, "localdate", lambda: dt.date(2026, 12, 6))
    assert health.check_calendar() is None
    monkeypatch.setattr(health, "localdate", lambda: dt.date(2027, 1, 1))
    assert health.check_calendar() == f"missing {max(_shipped()) + 1}"
