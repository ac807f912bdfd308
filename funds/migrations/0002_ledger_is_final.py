"""The fund's records stay as written (core/final.py): ledger entries and the split of a use
are never updated or deleted (the owners' ballots' trigger function, owners migration 0004); a
disbursed use is final (core migration 0010)."""

from django.db import migrations

ALWAYS_FINAL = [
    ("funds_ledgerentry", "维修资金分户账记录"),
    ("funds_useshare", "维修费用分摊"),
]


def always_final(table, label):
    return migrations.RunSQL(
        f"CREATE TRIGGER {table}_final BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW"
        f" EXECUTE FUNCTION owners_refuse_any_change('{label}')",
        f"DROP TRIGGER {table}_final ON {table}",
    )


USE_FINAL = (
    "CREATE TRIGGER funds_funduse_final BEFORE UPDATE OR DELETE ON funds_funduse FOR EACH ROW"
    " EXECUTE FUNCTION portal_refuse_final_change('维修资金使用', 'status', 'disbursed')"
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_final_record_functions"),
        ("owners", "0004_votes_are_final"),
        ("funds", "0001_funds"),
    ]

    operations = [
        *[always_final(*row) for row in ALWAYS_FINAL],
        migrations.RunSQL(USE_FINAL, "DROP TRIGGER funds_funduse_final ON funds_funduse"),
    ]
