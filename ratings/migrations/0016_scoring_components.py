"""A project score's lines as typed rows (ProjectScoreComponent) and the rule its total follows;
the rows already stored were made by the former rule (weighted mean rounded once)."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0006_change_request_attachments"),
        ("projects", "0004_search_bigrams"),
        ("ratings", "0015_rules_run_failures"),
    ]

    operations = [
        migrations.AddField(
            model_name="projectscore",
            name="rule",
            field=models.CharField(
                choices=[
                    ("lines", "各分项得分（保留两位小数）之和，四舍五入到 0.1"),
                    ("mean", "加权平均（Σ 分值 × 权重 ÷ Σ 权重）四舍五入到 0.1（原规则）"),
                ],
                default="mean",
                max_length=5,
                verbose_name="合计规则",
            ),
        ),
        migrations.CreateModel(
            name="ProjectScoreComponent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "key",
                    models.CharField(
                        choices=[
                            ("inspection", "检查"),
                            ("complaints", "有效投诉"),
                            ("handling", "企业按时办理"),
                            ("satisfaction", "满意度得分"),
                            ("street", "街道考核"),
                            ("rectification", "按期整改"),
                            ("self_report", "自查自评"),
                        ],
                        max_length=16,
                        verbose_name="分项",
                    ),
                ),
                ("value", models.DecimalField(decimal_places=2, max_digits=5, verbose_name="分值")),
                ("weight", models.DecimalField(decimal_places=2, max_digits=5, verbose_name="方案权重")),
                (
                    "effective_weight",
                    models.DecimalField(
                        decimal_places=6,
                        help_text="方案权重 ÷ 本项目有数据分项的方案权重之和 × 100",
                        max_digits=9,
                        verbose_name="实际权重（%）",
                    ),
                ),
                ("points", models.DecimalField(decimal_places=2, max_digits=5, verbose_name="得分")),
                (
                    "counted",
                    models.DecimalField(blank=True, decimal_places=1, max_digits=10, null=True, verbose_name="计数"),
                ),
                ("partial", models.PositiveIntegerField(blank=True, null=True, verbose_name="基本满意")),
                (
                    "total",
                    models.DecimalField(blank=True, decimal_places=1, max_digits=10, null=True, verbose_name="基数"),
                ),
                ("households", models.PositiveIntegerField(blank=True, null=True, verbose_name="户数")),
                (
                    "factor",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="系数"),
                ),
                ("self_assessed", models.BooleanField(default=False, verbose_name="按自评")),
                ("outcome", models.CharField(blank=True, max_length=10, verbose_name="结果")),
                (
                    "sources",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="依据编号",
                    ),
                ),
                (
                    "score",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parts",
                        to="ratings.projectscore",
                    ),
                ),
            ],
            options={
                "verbose_name": "项目得分分项",
                "verbose_name_plural": "项目得分分项",
                "constraints": [
                    models.UniqueConstraint(fields=("score", "key"), name="project_score_component_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("value__gte", 0), ("value__lte", 100)), name="project_score_component_value"
                    ),
                ],
            },
        ),
        # the rows that exist were made by the rule before this one; new rows are made by lines
        migrations.AlterField(
            model_name="projectscore",
            name="rule",
            field=models.CharField(
                choices=[
                    ("lines", "各分项得分（保留两位小数）之和，四舍五入到 0.1"),
                    ("mean", "加权平均（Σ 分值 × 权重 ÷ Σ 权重）四舍五入到 0.1（原规则）"),
                ],
                default="lines",
                max_length=5,
                verbose_name="合计规则",
            ),
        ),
        migrations.AlterField(
            model_name="scoringrun",
            name="started",
            field=models.DateTimeField(
                auto_now_add=True,
                help_text="投诉各环节是否按时，按此时点判断（仍在办理且已过截止时间的为超时）",
                verbose_name="开始时间",
            ),
        ),
    ]
