"""Install the jobs added to core/schedules.py since 0006 (re-queueing a quarterly scoring run
stuck in computing); existing jobs and administrators' changes are left as they are."""

from django.db import migrations


def install_jobs(apps, schema_editor):
    from core.schedules import install

    install(apps.get_model("django_celery_beat", "PeriodicTask"), apps.get_model("django_celery_beat", "CrontabSchedule"))


class Migration(migrations.Migration):
    dependencies = [("core", "0008_shipped_calendar_years")]

    operations = [migrations.RunPython(install_jobs, migrations.RunPython.noop)]
