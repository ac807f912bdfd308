"""One pending objection per score (issue 22, attempt 8). Objections already pending twice or
more on one score are closed first: the earliest stays pending, the later ones are rejected as
duplicates (the decision names the one they repeat), so the constraints can be created."""

from django.conf import settings
from django.db import migrations, models

DUPLICATES = """
    UPDATE ratings_objection AS o
       SET status = 'rejected', decided_at = now(),
           decision = '与第 ' || first_of.keep || ' 件异议重复，系统合并处理'
      FROM (SELECT id, min(id) OVER (PARTITION BY run_id, enterprise_id, project_id) AS keep
              FROM ratings_objection WHERE status = 'pending') AS first_of
     WHERE o.id = first_of.id AND first_of.id <> first_of.keep
"""


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0006_change_request_attachments"),
        ("projects", "0004_search_bigrams"),
        ("ratings", "0018_scoring_constraints"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(DUPLICATES, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="objection",
            constraint=models.UniqueConstraint(
                condition=models.Q(("project__isnull", True), ("status", "pending")),
                fields=("run", "enterprise"),
                name="objection_one_pending_enterprise_score",
            ),
        ),
        migrations.AddConstraint(
            model_name="objection",
            constraint=models.UniqueConstraint(
                condition=models.Q(("project__isnull", False), ("status", "pending")),
                fields=("run", "enterprise", "project"),
                name="objection_one_pending_project_score",
            ),
        ),
    ]
