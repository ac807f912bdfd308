"""Texts stored before issue 10 quote tracking codes where staff and enterprises read them: the
public note of a merge (it named the main complaint's code) and inbox messages to assignees and
officers. Put the work-order number (``Complaint.work_order_no``) in their place, set-based."""

from django.conf import settings
from django.db import migrations

# Complaint.work_order_no in SQL: GD, the year of intake in local time, the id (at least 6 digits).
WORK_ORDER_NO = (
    "'GD' || to_char({t}.created AT TIME ZONE %(tz)s, 'YYYY') || '-' "
    "|| lpad({t}.id::text, greatest(6, length({t}.id::text)), '0')"
)

MERGE_NOTES = f"""
UPDATE complaints_complaintevent e
   SET public_note = replace(e.public_note, m.tracking_code, {WORK_ORDER_NO.format(t="m")})
  FROM complaints_complaint c JOIN complaints_complaint m ON m.id = c.merged_into_id
 WHERE e.complaint_id = c.id AND e.type = 'merged' AND strpos(e.public_note, m.tracking_code) > 0
"""

INBOX = f"""
UPDATE notifications_notification n
   SET subject = replace(n.subject, c.tracking_code, {WORK_ORDER_NO.format(t="c")})
  FROM complaints_complaint c
 WHERE n.channel = 'inbox' AND n.target_type_id = %(ct)s AND n.target_id = c.id
   AND strpos(n.subject, c.tracking_code) > 0
"""


def forwards(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="complaints", model="complaint"
    )
    params = {"tz": settings.TIME_ZONE, "ct": content_type.values_list("pk", flat=True).first()}
    schema_editor.execute(MERGE_NOTES, params)
    if params["ct"] is not None:
        schema_editor.execute(INBOX, params)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0010_move_notifications"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
