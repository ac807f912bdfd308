"""Issue 10: the resident's secrets. Enterprises, departments, streets and communities quote the
work-order number, never the tracking code; bureau officers see the code only on request, audited;
the API masks phone numbers and reveals them on request, recorded; API tokens expire, can be
revoked, and their issue and use are audited."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from complaints import sla, workflow
from complaints.choices import EventType
from complaints.models import ComplaintEvent
from core.choices import AuditAction
from core.models import AuditEvent
from notifications.models import Notification
from tests.factories import make_complaint

pytestmark = pytest.mark.django_db

PHONE = "13812341234"


def assigned_to(to, tree, users, **kwargs):
    complaint = make_complaint(tree.project_a, **kwargs)
    return workflow.assign(workflow.accept(complaint, actor=users.district_a), actor=users.district_a, to=to)


@pytest.fixture
def handlers(tree, users):
    """A complaint assigned to each kind of party that is not the bureau, with its users."""
    return [
        (users.ent_a, assigned_to(tree.ent_a, tree, users)),
        (users.police, assigned_to(users.police.department, tree, users)),
        (users.street_a, assigned_to(tree.a1, tree, users)),
        (users.community_a, assigned_to(tree.a1a, tree, users)),
    ]


# --- 1. the work-order number instead of the tracking code ----------------------------------------
def test_work_order_number_is_derived_from_the_year_and_the_id(tree):
    c = make_complaint(tree.project_a)
    assert re.fullmatch(rf"GD{timezone.localtime(c.created).year}-\d{{6,}}", c.work_order_no)
    assert c.work_order_no.endswith(f"{c.pk:06d}") and str(c) == c.work_order_no
    assert c.work_order_no != c.tracking_code


def test_the_api_gives_handlers_the_work_order_number_not_the_tracking_code(handlers, client_for):
    for user, c in handlers:
        api = client_for(user)
        for url in ("", f"{c.pk}/", f"{c.pk}/events/", f"{c.pk}/duplicates/"):
            response = api.get(f"/api/v1/complaints/{url}")
            assert response.status_code == 200, (user, url)
            assert c.tracking_code not in response.content.decode(), (user, url)
        detail = api.get(f"/api/v1/complaints/{c.pk}/").json()
        assert detail["work_order_no"] == c.work_order_no and "tracking_code" not in detail


def _text(response) -> str:
    """A page's text, or every cell of an Excel download."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
    return response.content.decode()


def test_staff_pages_and_exports_show_handlers_the_work_order_number(handlers, client_for):
    for user, c in handlers:
        client = client_for(user)
        for url in ("/complaints/", f"/complaints/{c.pk}/", "/complaints/?export=xlsx", "/inbox/"):
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            text = _text(response)
            assert c.tracking_code not in text, (user, url)
            assert c.work_order_no in text, (user, url)


def test_messages_to_assignees_and_officers_quote_the_work_order_number(tree, users):
    c = assigned_to(tree.ent_a, tree, users)
    c = workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已清运")
    workflow.send_back(c, actor=users.district_a, reason="照片看不清")
    duplicate = make_complaint(tree.project_a)
    workflow.merge(duplicate, into=c, actor=users.district_a)
    c.refresh_from_db()
    c.due_at, c.stage = timezone.now() - dt.timedelta(days=3), "answer"
    c.save()
    sla.sweep_overdue()
    inbox = list(Notification.objects.filter(recipient__isnull=False).values_list("subject", "body"))
    assert {s for s, _b in inbox} >= {f"新派工单 {c.work_order_no}", f"工单 {c.work_order_no} 被退回重办"}
    assert any(s == f"超期督办：{c.work_order_no}" for s, _b in inbox)
    texts = " ".join(f"{s} {b}" for s, b in inbox)
    assert c.tracking_code not in texts and duplicate.tracking_code not in texts
    notes = " ".join(e.text + e.public_note for e in ComplaintEvent.objects.all())
    assert c.work_order_no in notes and c.tracking_code not in notes


def test_only_bureau_officers_find_a_complaint_by_its_tracking_code(handlers, users, client_for):
    user, c = handlers[0]
    assert client_for(user).get(f"/complaints/?q={c.tracking_code}").context["object_list"].count() == 0
    found = client_for(user).get(f"/complaints/?q={c.work_order_no}").context["object_list"]
    assert [x.pk for x in found] == [c.pk]
    officer = client_for(users.district_a)
    assert [x.pk for x in officer.get(f"/complaints/?q={c.tracking_code}").context["object_list"]] == [c.pk]
    other_year = c.work_order_no.replace("GD20", "GD19")
    assert officer.get(f"/complaints/?q={other_year}").context["object_list"].count() == 0


def test_a_bureau_officer_sees_the_tracking_code_on_request_and_it_is_audited(tree, users, client_for):
    c = make_complaint(tree.project_a)
    officer = client_for(users.district_a)
    page = officer.get(f"/complaints/{c.pk}/").content.decode()
    assert c.tracking_code not in page and f"/complaints/{c.pk}/tracking-code/" in page
    assert officer.post(f"/complaints/{c.pk}/tracking-code/").content.decode() == c.tracking_code
    api = officer.post(f"/api/v1/complaints/{c.pk}/reveal-tracking-code/")
    assert api.status_code == 200 and api.json() == {"tracking_code": c.tracking_code}
    rows = AuditEvent.objects.filter(action=AuditAction.TRACKING_CODE_VIEWED)
    assert [(r.actor, r.object_repr, r.detail["complaint"]) for r in rows] == [
        (users.district_a, c.work_order_no, c.pk)
    ] * 2


def test_no_one_else_may_reveal_the_tracking_code(handlers, client_for):
    for user, c in handlers:
        client = client_for(user)
        assert f"/complaints/{c.pk}/tracking-code/" not in client.get(f"/complaints/{c.pk}/").content.decode()
        assert client.post(f"/complaints/{c.pk}/tracking-code/").status_code == 403, user
        assert client.post(f"/api/v1/complaints/{c.pk}/reveal-tracking-code/").status_code == 403, user
    assert not AuditEvent.objects.filter(action=AuditAction.TRACKING_CODE_VIEWED).exists()


def test_the_resident_sms_keeps_the_tracking_code(tree):
    c = make_complaint(tree.project_a)
    assert c.tracking_code in Notification.objects.get(address=PHONE).body


# --- 6. phone numbers in the API, API tokens -----------------------------------------------------
def test_the_api_masks_phones_for_officers_and_records_each_reveal(tree, users, client_for):
    c = make_complaint(tree.project_a)
    api = client_for(users.district_a)
    assert PHONE not in api.get("/api/v1/complaints/").content.decode()
    assert api.get(f"/api/v1/complaints/{c.pk}/").json()["complainant_phone"] == "138****1234"
    revealed = api.post(f"/api/v1/complaints/{c.pk}/reveal-phone/")
    assert revealed.status_code == 200 and revealed.json() == {"complainant_phone": PHONE}
    event = ComplaintEvent.objects.get(complaint=c, type=EventType.PHONE_REVEALED)
    assert event.actor == users.district_a


def test_handlers_may_not_reveal_the_phone(handlers, client_for):
    user, c = handlers[0]
    assert client_for(user).post(f"/api/v1/complaints/{c.pk}/reveal-phone/").status_code == 403
    assert not ComplaintEvent.objects.filter(type=EventType.PHONE_REVEALED).exists()


def _login(client, user, **extra):
    from django.conf import settings

    return client.post("/api/v1/token/", {"username": user.username, "password": settings.DEMO_PASSWORD}, **extra)


def test_a_token_login_is_audited_and_says_when_the_token_expires(users, client, settings):
    settings.API_TOKEN_TTL_HOURS = 8
    response = _login(client, users.district_a)
    assert response.status_code == 200
    token = Token.objects.get(user=users.district_a)
    assert response.json()["token"] == token.key
    expires = dt.datetime.fromisoformat(response.json()["expires"].replace("Z", "+00:00"))
    assert expires == token.created + dt.timedelta(hours=8)
    row = AuditEvent.objects.get(action=AuditAction.TOKEN_CREATED)
    assert row.actor == users.district_a and token.key not in str(row.detail)


def test_an_expired_token_is_refused_and_a_new_login_issues_another(users, client, settings):
    settings.API_TOKEN_TTL_HOURS = 24
    token = Token.objects.create(user=users.district_a)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - dt.timedelta(hours=25))
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401 and "过期" in response.json()["detail"]
    assert not Token.objects.filter(key=token.key).exists()
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_EXPIRED, actor=users.district_a).count() == 1
    fresh = _login(client, users.district_a).json()["token"]
    assert fresh != token.key
    assert client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {fresh}").status_code == 200


def test_an_expired_token_does_not_block_a_new_login(users, client):
    token = Token.objects.create(user=users.district_a)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - dt.timedelta(days=30))
    response = _login(client, users.district_a, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["token"] != token.key


def test_token_use_is_audited_once_an_hour_not_on_every_request(users, client):
    token = Token.objects.create(user=users.district_a)
    for _ in range(3):
        assert client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    rows = AuditEvent.objects.filter(action=AuditAction.TOKEN_USED)
    assert [(r.actor, r.ip_address) for r in rows] == [(users.district_a, "127.0.0.1")]


def test_a_token_can_be_revoked(users, client):
    token = Token.objects.create(user=users.district_a)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.delete("/api/v1/token/", **auth).status_code == 204
    assert client.get("/api/v1/projects/", **auth).status_code == 401
    assert client.delete("/api/v1/token/").status_code == 401
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED, actor=users.district_a).count() == 1


def test_texts_stored_before_quote_the_work_order_number_after_the_migration(tree, users):
    import importlib

    from django.apps import apps
    from django.db import connection

    from notifications.choices import NotificationChannel

    main = assigned_to(tree.ent_a, tree, users)
    duplicate = workflow.merge(make_complaint(tree.project_a), into=main, actor=users.district_a)
    ComplaintEvent.objects.filter(complaint=duplicate, type=EventType.MERGED).update(
        public_note=f"与同一问题的投诉 {main.tracking_code} 合并办理。"
    )
    Notification.objects.filter(channel=NotificationChannel.INBOX).update(subject=f"新派工单 {main.tracking_code}")
    migration = importlib.import_module("complaints.migrations.0011_work_order_numbers_in_stored_texts")
    with connection.schema_editor() as editor:
        migration.forwards(apps, editor)
    note = ComplaintEvent.objects.get(complaint=duplicate, type=EventType.MERGED).public_note
    assert note == f"与同一问题的投诉 {main.work_order_no} 合并办理。"
    subjects = set(Notification.objects.filter(channel=NotificationChannel.INBOX).values_list("subject", flat=True))
    assert subjects == {f"新派工单 {main.work_order_no}"}
