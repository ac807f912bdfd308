"""A bare 12345 push for ``bench/mixed.py``: the limit for intake's own work (bench-only: served by
bench/_urls.py, never by the project's URLs).

It writes the rows a real push writes — the complaint (PostgreSQL computes its bigram search
vector, a generated column), its first event, its acceptance stage record and the SMS outbox row —
with one hand-written statement (one transaction, as the real push's), prepared once per
connection as the real one is. What it leaves out is what intake does around the rows: the
request's form validation, the key's signature check and the client cache, the work calendar (the
deadline here is the policy's hours on the clock), the idempotent re-push, the relay wake-up after
commit and the full JSON answer. The key is still checked: the client is joined by its key's hash.
"""

import hashlib
import json

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from complaints.models.complaints import new_tracking_code
from core.prepared import execute_prepared

SQL = """
WITH src AS (
    SELECT p.id AS project_id, p.enterprise_id, p.region_id, r.path AS region_path, k.id AS client_id,
           k.channel, k.name AS client_name, cat.id AS category_id, pol.working_hours, now() AS at
    FROM projects_project p
    JOIN regions_region r ON r.id = p.region_id
    JOIN complaints_apiclient k ON k.key_hash = %s AND k.is_active
    JOIN complaints_category cat ON cat.code = %s
    LEFT JOIN complaints_slapolicy pol ON pol.stage = 'accept' AND pol.urgency = 'normal'
    WHERE p.code = %s),
c AS (
    INSERT INTO complaints_complaint (tracking_code, channel, external_id, region_path, description, urgency,
        complainant_name, complainant_phone, status, created, assignee_kind, stage, due_at, is_overdue,
        escalation_level, answer, reject_reason, feedback, feedback_comment, category_id, enterprise_id,
        project_id, region_id, source_client_id, outcome, publish_consent, remit_body, remit_contact)
    SELECT %s, channel, %s, region_path, %s, 'normal', %s, %s, 'submitted', at, '', 'accept',
           at + working_hours * interval '1 hour', false, 0, '', '', '', '', category_id, enterprise_id,
           project_id, region_id, client_id, '', false, '', ''
    FROM src
    RETURNING id, created, due_at),
e AS (
    INSERT INTO complaints_complaintevent (type, actor_label, from_status, to_status, note, public_note, created,
        complaint_id, params)
    SELECT 'submitted', src.client_name, '', 'submitted', '', '', c.created, c.id,
           jsonb_build_object('channel', src.channel)
    FROM c, src),
s AS (
    INSERT INTO complaints_stagerecord (stage, party, started_at, working_hours, due_at, completed, complaint_id)
    SELECT 'accept', 'bureau', c.created, src.working_hours, c.due_at, false, c.id FROM c, src),
n AS (
    INSERT INTO notifications_notification (address, channel, subject, body, target_id, status, attempts,
        last_error, created, target_type_id)
    SELECT %s, 'sms', '投诉进展', %s, c.id, 'pending', 0, '', c.created,
           (SELECT id FROM django_content_type WHERE app_label = 'complaints' AND model = 'complaint')
    FROM c)
SELECT id FROM c
"""
SMS = "您的投诉已提交，查询码 %s，可凭查询码和手机号后四位查询进展。"


@csrf_exempt
@require_POST
def bare_push(request):
    key = request.headers.get("Authorization", "").removeprefix("ApiKey ").strip()
    payload = json.loads(request.body)
    code, phone, ticket = new_tracking_code(), payload["caller_phone"], payload["ticket_no"]
    key_hash = hashlib.sha256(key.encode()).hexdigest()
    content, name = payload["content"].strip(), payload.get("caller_name") or ""
    params = [key_hash, payload["category"], payload["project_code"], code, ticket, content, name, phone, phone]
    params.append(SMS % code)
    with connection.cursor() as cursor:
        execute_prepared(connection, cursor, SQL, params)
        row = cursor.fetchone()
    if row is None:
        return JsonResponse({"error": "unknown key, project or category"}, status=400)
    return JsonResponse({"id": row[0], "tracking_code": code, "ticket_no": ticket, "created": True}, status=201)
