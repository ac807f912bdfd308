"""The bureau's default scheme (the seeds give no weights): version 1, published, in force from
the first quarter any data can have. Every number is a parameter officers can change in a new
version."""

from django.db import migrations

DEFAULT_PARAMS = {
    "weights": {
        "inspection": 35, "complaints": 25, "handling": 15, "satisfaction": 10, "street": 5,
        "rectification": 5, "self_report": 5,
    },
    "self_report_factor": 0.9,
    "complaint_penalty": 10,
    "basically_satisfied_factor": 0.8,
    "self_report_points": {"on_time": 100, "late": 60, "missing": 0},
    "summons_penalty": 5,
    "summons_penalty_cap": 15,
}


def create(apps, schema_editor):
    Scheme = apps.get_model("ratings", "Scheme")
    from django.utils import timezone

    Scheme.objects.get_or_create(
        version=1,
        defaults={
            "name": "物业服务企业量化考核", "effective_year": 2000, "effective_quarter": 1,
            "status": "published", "params": DEFAULT_PARAMS, "published_at": timezone.now(),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
