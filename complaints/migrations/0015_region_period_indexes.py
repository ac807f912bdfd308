"""The region-prefix index gains the dates: a district's complaints of a quarter (created or
rated in it) become two index range scans instead of the district's whole history. Built
concurrently: on a live database the complaint table stays writable."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("complaints", "0014_event_overdue_index")]

    operations = [
        AddIndexConcurrently(
            model_name="complaint",
            index=models.Index(
                fields=["region_path", "created"],
                name="complaint_region_created",
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
            ),
        ),
        AddIndexConcurrently(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("feedback_at__isnull", False)),
                fields=["region_path", "feedback_at"],
                name="complaint_region_feedback",
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
            ),
        ),
        RemoveIndexConcurrently(model_name="complaint", name="complaint_region_prefix"),
    ]
