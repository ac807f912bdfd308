"""The outbox moved to its own app (notifications.Notification) with a generic target instead of
a complaint foreign key: copy every row, pointing the target at its complaint, then drop."""

from django.db import migrations

COPY = """
INSERT INTO notifications_notification (id, address, channel, subject, body, status, attempts, last_error, created,
                                        sent_at, read_at, recipient_id, target_type_id, target_id)
SELECT n.id, n.address, n.channel, n.subject, n.body, n.status, n.attempts, n.last_error, n.created,
       n.sent_at, n.read_at, n.recipient_id,
       CASE WHEN n.complaint_id IS NULL THEN NULL ELSE ct.id END, n.complaint_id
FROM complaints_notification n
LEFT JOIN django_content_type ct ON ct.app_label = 'complaints' AND ct.model = 'complaint';
SELECT setval(pg_get_serial_sequence('notifications_notification', 'id'),
              COALESCE((SELECT MAX(id) FROM notifications_notification), 0) + 1, false);
"""


def ensure_content_type(apps, schema_editor):
    """On a database with complaints the content type exists; make sure, so no target is lost."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).get_or_create(app_label="complaints", model="complaint")


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_move_calendar_to_core"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(ensure_content_type, migrations.RunPython.noop),
        migrations.RunSQL(COPY, migrations.RunSQL.noop),
        migrations.DeleteModel(name="Notification"),
    ]
