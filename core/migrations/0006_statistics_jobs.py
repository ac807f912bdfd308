"""Install the jobs added to core/schedules.py since 0002 (the statistics roll-up, the weekly bulletin and the nightly open data); existing jobs and
administrators' changes are left as they are."""

from django.db import migrations


def install_jobs(apps, schema_editor):
    from core.schedules import install

    install(apps.get_model("django_celery_beat", "PeriodicTask"), apps.get_model("django_celery_beat", "CrontabSchedule"))


class Migration(migrations.Migration):
    dependencies = [("core", "0005_bigram_search")]

    operations = [migrations.RunPython(install_jobs, migrations.RunPython.noop)]
