"""Background exports moved to the framework layer (core.Export): copy the rows, drop the table."""

from django.db import migrations

COPY = """
INSERT INTO core_export (id, name, view, params, language, status, rows, truncated, file, error, created,
                         finished, user_id)
SELECT id, name, view, params, language, status, rows, truncated, file, error, created, finished, user_id
FROM accounts_export;
SELECT setval(pg_get_serial_sequence('core_export', 'id'), COALESCE((SELECT MAX(id) FROM core_export), 0) + 1, false);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_export"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(COPY, migrations.RunSQL.noop),
        migrations.DeleteModel(name="Export"),
    ]
