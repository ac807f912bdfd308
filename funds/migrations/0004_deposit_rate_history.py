"""Deposit rates per region from a date on, with their history: a rate is never changed (a
trigger refuses any UPDATE; a new rate with a later date supersedes it) and a deposit names the
rate it used (``LedgerEntry.rate``, which keeps a used rate from being withdrawn). Rates set
before this migration take effect from 2000-01-01."""

import datetime
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0003_use_document_stored_file"),
        ("owners", "0004_votes_are_final"),
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="depositrate",
            options={
                "ordering": ["region__path", "-effective_from"],
                "verbose_name": "维修资金交存标准",
                "verbose_name_plural": "维修资金交存标准",
            },
        ),
        migrations.AddField(
            model_name="depositrate",
            name="created",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now, verbose_name="设定时间"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="depositrate",
            name="created_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="设定人",
            ),
        ),
        migrations.AddField(
            model_name="depositrate",
            name="effective_from",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="执行日期"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="depositrate",
            name="note",
            field=models.CharField(blank=True, max_length=200, verbose_name="依据"),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="rate",
            field=models.ForeignKey(
                blank=True,
                help_text="首期交存所用的区域标准；空：设置中的默认标准",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="deposits",
                to="funds.depositrate",
                verbose_name="交存标准",
            ),
        ),
        migrations.AlterField(
            model_name="depositrate",
            name="region",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.region", verbose_name="区域"
            ),
        ),
        migrations.AddConstraint(
            model_name="depositrate",
            constraint=models.UniqueConstraint(
                fields=("region", "effective_from"), name="funds_rate_one_per_region_and_date"
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("rate__isnull", True), ("kind", "deposit"), _connector="OR"),
                name="funds_entry_rate_on_deposits",
            ),
        ),
        migrations.RunSQL(
            "CREATE TRIGGER funds_depositrate_final BEFORE UPDATE ON funds_depositrate FOR EACH ROW"
            " EXECUTE FUNCTION owners_refuse_any_change('维修资金交存标准')",
            "DROP TRIGGER funds_depositrate_final ON funds_depositrate",
        ),
    ]
