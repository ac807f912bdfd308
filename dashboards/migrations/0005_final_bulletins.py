"""A published bulletin is final in the database (core/final.py): a trigger refuses changing or
deleting it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_final_record_functions"),
        ("dashboards", "0004_two_officer_publication"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE TRIGGER dashboards_bulletin_final BEFORE UPDATE OR DELETE ON dashboards_bulletin FOR EACH ROW"
            " EXECUTE FUNCTION portal_refuse_final_change('每周简报', 'status', 'published')",
            "DROP TRIGGER dashboards_bulletin_final ON dashboards_bulletin",
        ),
    ]
