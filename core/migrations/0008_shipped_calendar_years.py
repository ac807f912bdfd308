"""Load the holiday years shipped in core/calendar_data.

complaints 0002 read them from complaints/calendar_data, which had moved here: on a new database
it found no file and loaded nothing, without a word, and every deadline ignored holidays and
make-up workdays. This migration reads the files itself (no app code, so that it runs the same
whatever core.calendar becomes) and stops if there are none (a package built without its data
files must not install an empty calendar). It adds the days the table lacks and changes none:
an administrator may have entered or corrected days by hand. Years shipped later are added by
the post_migrate step of core.calendar on the next ``migrate``.
"""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

CALENDAR_DATA = Path(__file__).resolve().parent.parent / "calendar_data"


def load_shipped_years(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    paths = sorted(CALENDAR_DATA.glob("*.json"))
    if not paths:
        raise RuntimeError(f"no calendar year (*.json) in {CALENDAR_DATA}")
    days = [
        CalendarDay(date=dt.date.fromisoformat(row["date"]), is_workday=bool(row["workday"]), name=row.get("name", ""))
        for path in paths
        for row in json.loads(path.read_text(encoding="utf-8"))["days"]
    ]
    CalendarDay.objects.using(schema_editor.connection.alias).bulk_create(days, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_bigrams_normalized_once"),
        # After the old complaints_calendarday rows were copied over: that copy is a plain INSERT,
        # which would fail on a date this migration had loaded first.
        ("complaints", "0009_move_calendar_to_core"),
    ]

    operations = [migrations.RunPython(load_shipped_years, migrations.RunPython.noop)]
