"""The stored JSON components are typed rows now (0014): drop the column, and give the score
tables back their foreign keys to projects and enterprises (dropped in 0011)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0006_change_request_attachments"),
        ("projects", "0004_search_bigrams"),
        ("ratings", "0017_scoring_components_from_json"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="projectscore",
            name="components",
        ),
        migrations.AlterField(
            model_name="enterprisescore",
            name="enterprise",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="enterprises.enterprise",
                verbose_name="企业",
            ),
        ),
        migrations.AlterField(
            model_name="projectscore",
            name="enterprise",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="enterprises.enterprise",
                verbose_name="企业",
            ),
        ),
        migrations.AlterField(
            model_name="projectscore",
            name="project",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="projects.project",
                verbose_name="项目",
            ),
        ),
    ]
