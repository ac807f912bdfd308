"""After an upgrade: ``migrate`` adds a year shipped later and keeps the days an administrator
corrected; ``load_calendar`` refreshes the shipped years or loads a file, and ``--replace``
makes a year hold exactly its file's days."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.calendar import SHIPPED_YEARS, WorkCalendar
from core.models import CalendarDay

pytestmark = pytest.mark.django_db


def _shipped(year: int) -> dict[str, tuple[bool, str]]:
    days = json.loads((SHIPPED_YEARS / f"{year}.json").read_text(encoding="utf-8"))["days"]
    return {row["date"]: (row["workday"], row["name"]) for row in days}


def _stored(year: int) -> dict[str, tuple[bool, str]]:
    return {d.date.isoformat(): (d.is_workday, d.name) for d in CalendarDay.objects.filter(date__year=year)}


def _call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_migrate_adds_a_year_shipped_after_the_installation_and_keeps_corrected_days():
    CalendarDay.objects.filter(date__year=2027).delete()  # as if 2027.json came with this release
    CalendarDay.objects.filter(date="2026-09-25").update(is_workday=True, name="本地调整")
    call_command("migrate", verbosity=0)
    assert _stored(2027) == _shipped(2027)
    assert CalendarDay.objects.get(date="2026-09-25").is_workday
    assert not WorkCalendar.current().is_workday(dt.date(2027, 1, 1))


def test_load_calendar_without_a_file_refreshes_the_shipped_years():
    CalendarDay.objects.filter(date__year=2025).delete()
    CalendarDay.objects.filter(date="2026-09-25").update(is_workday=True, name="本地调整")
    assert _call("load_calendar").startswith("loaded ")
    assert _stored(2025) == _shipped(2025) and _stored(2026) == _shipped(2026)


def test_load_calendar_replace_drops_the_days_a_corrected_year_no_longer_has(tmp_path):
    CalendarDay.objects.create(date=dt.date(2027, 3, 1), is_workday=False, name="临时停工")
    official = {
        "year": 2027,
        "source": "test",
        "days": [
            {"date": "2027-01-01", "workday": False, "name": "元旦"},
            {"date": "2027-02-20", "workday": True, "name": "春节调休上班"},
        ],
    }
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(official, ensure_ascii=False), encoding="utf-8")
    out = _call("load_calendar", str(path), "--replace")
    assert _stored(2027) == {"2027-01-01": (False, "元旦"), "2027-02-20": (True, "春节调休上班")}
    assert "2027-06-10" in out and "2027-03-01" in out  # the deleted days are named
    assert _stored(2026) == _shipped(2026)  # other years untouched
    assert WorkCalendar.current().is_workday(dt.date(2027, 6, 10))


def test_load_calendar_without_replace_keeps_the_other_days(tmp_path):
    path = tmp_path / "extra.json"
    path.write_text(json.dumps({"days": [{"date": "2027-03-01", "workday": False, "name": "临时停工"}]}), "utf-8")
    _call("load_calendar", str(path))
    assert _stored(2027) == {**_shipped(2027), "2027-03-01": (False, "临时停工")}


def test_load_calendar_refuses_a_date_outside_the_files_year(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps({"year": 2027, "days": [{"date": "2026-12-31", "workday": False}]}), "utf-8")
    with pytest.raises(CommandError, match="2026-12-31"):
        call_command("load_calendar", str(path))
    assert not CalendarDay.objects.filter(date="2026-12-31").exists()
