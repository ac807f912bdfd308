"""The working-day calendar moved to the framework layer (core.CalendarDay): copy, then drop."""

from django.db import migrations

COPY = """
INSERT INTO core_calendarday (id, date, is_workday, name)
SELECT id, date, is_workday, name FROM complaints_calendarday;
SELECT setval(pg_get_serial_sequence('core_calendarday', 'id'),
              COALESCE((SELECT MAX(id) FROM core_calendarday), 0) + 1, false);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0008_analyze_after_search_index"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(COPY, migrations.RunSQL.noop),
        migrations.DeleteModel(name="CalendarDay"),
    ]
