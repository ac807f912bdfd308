"""Answers to owners' objections to a vote's preliminary result (owners.votes.answer_objection)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("owners", "0006_committees"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="objection",
            name="answer",
            field=models.TextField(blank=True, verbose_name="答复"),
        ),
        migrations.AddField(
            model_name="objection",
            name="answered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="答复时间"),
        ),
        migrations.AddField(
            model_name="objection",
            name="answered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="答复人",
            ),
        ),
        migrations.AlterField(
            model_name="voteevent",
            name="type",
            field=models.CharField(
                choices=[
                    ("created", "草拟"),
                    ("noticed", "发布公告"),
                    ("roll_posted", "公示表决名册"),
                    ("opened", "开始投票"),
                    ("closed", "投票截止"),
                    ("extended", "延长投票"),
                    ("preliminary", "公示初步结果"),
                    ("announced", "公告结果"),
                    ("archived", "归档"),
                    ("suspended", "中止表决"),
                    ("paper_entered", "录入书面选票"),
                    ("answered", "答复异议"),
                ],
                max_length=16,
                verbose_name="事件",
            ),
        ),
        migrations.AddConstraint(
            model_name="objection",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("answer", ""), ("answered_at__isnull", True)),
                    models.Q(models.Q(("answer", ""), _negated=True), ("answered_at__isnull", False)),
                    _connector="OR",
                ),
                name="owners_objection_answer_complete",
            ),
        ),
    ]
