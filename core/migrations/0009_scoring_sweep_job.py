"""Installed the jobs added to core/schedules.py since 0006 (re-queueing a quarterly scoring run
stuck in computing); existing jobs and administrators' changes are left as they are."""

from django.db import migrations


def install_jobs(apps, schema_editor):
    """Jobs are now installed by each app's AppConfig through core.schedules' post-migrate step
    (issue 23): this step is kept, empty, for the history of applied migrations."""


class Migration(migrations.Migration):
    dependencies = [("core", "0008_shipped_calendar_years")]

    operations = [migrations.RunPython(install_jobs, migrations.RunPython.noop)]
