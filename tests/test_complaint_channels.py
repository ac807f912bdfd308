"""Other systems: the 12345 push API, Open311 GeoReport v2, the 12345 spreadsheet, the REST API."""

import io
import json
import time
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from complaints.channel_auth import sign
from complaints.choices import Channel, Status
from complaints.importing import HOTLINE_COLUMNS, import_hotline_orders
from complaints.models import ApiClient, Complaint
from core.xlsx import ImportRejected

from .factories import make_complaint


@pytest.fixture
def hotline(db):
    client, key = ApiClient.issue("12345 热线", Channel.HOTLINE_12345)
    return client, key


def ticket(tree, **over):
    body = {
        "ticket_no": "GD202611260001",
        "project_code": tree.project_a.code,
        "category": "环境卫生",
        "content": "小区垃圾清运不及时，气味很大",
        "caller_phone": "13812345678",
        "caller_name": "李先生",
    }
    body.update(over)
    return body


def push(client, body, *, key=None, secret=None, client_key=None, timestamp=None):
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = {}
    if secret:
        ts = str(timestamp or int(time.time()))
        headers = {"HTTP_X_CLIENT_KEY": client_key, "HTTP_X_TIMESTAMP": ts, "HTTP_X_SIGNATURE": sign(secret, ts, raw)}
    elif key:
        headers = {"HTTP_AUTHORIZATION": f"ApiKey {key}"}
    return client.post("/api/channel/tickets/", raw, content_type="application/json", **headers)


def test_push_is_idempotent_on_ticket_number(tree, hotline, client):
    api_client, key = hotline
    first = push(client, ticket(tree), key=key)
    assert first.status_code == 201 and first.json()["created"] is True
    again = push(client, ticket(tree, content="内容被改写也不应更新"), key=key)
    assert again.status_code == 200 and again.json()["created"] is False
    assert again.json()["id"] == first.json()["id"]
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.HOTLINE_12345 and complaint.external_id == "GD202611260001"
    assert complaint.description == "小区垃圾清运不及时，气味很大" and complaint.source_client == api_client


def test_push_with_hmac_signature(tree, hotline, client):
    api_client, key = hotline
    ok = push(client, ticket(tree), secret=api_client.hmac_secret, client_key=key)
    assert ok.status_code == 201
    bad = push(client, ticket(tree, ticket_no="X2"), secret="wrong-secret", client_key=key)
    assert bad.status_code == 401 and "signature" in bad.json()["error"]
    stale = push(
        client,
        ticket(tree, ticket_no="X3"),
        secret=api_client.hmac_secret,
        client_key=key,
        timestamp=int(time.time()) - 3600,
    )
    assert stale.status_code == 401
    assert push(client, ticket(tree, ticket_no="X4")).status_code == 401
    assert Complaint.objects.count() == 1


def test_push_validation_errors_are_structured_and_nothing_is_saved(tree, hotline, client):
    _, key = hotline
    response = push(client, ticket(tree, caller_phone="123", category="火星"), key=key)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "phone" in errors and "category" in errors
    assert errors["phone"][0]["message"] == "请输入有效的 11 位手机号码。"
    assert push(client, ticket(tree, project_code=None, address="没有这个地址"), key=key).status_code == 400
    assert not Complaint.objects.exists()


def test_status_and_answer_read_back(tree, users, hotline, client):
    from complaints import workflow

    _, key = hotline
    cid = push(client, ticket(tree), key=key).json()["id"]
    c = workflow.assign(
        workflow.accept(Complaint.objects.get(pk=cid), actor=users.city), actor=users.city, to=tree.ent_a
    )
    workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已清运")
    body = client.get("/api/channel/tickets/GD202611260001/", HTTP_AUTHORIZATION=f"ApiKey {key}").json()
    assert body["status"] == Status.ANSWERED and body["answer"] == "已清运" and body["assignee"] == tree.ent_a.name
    assert client.get("/api/channel/tickets/NOPE/", HTTP_AUTHORIZATION=f"ApiKey {key}").status_code == 404


def hotline_sheet(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([str(c.header) for c in HOTLINE_COLUMNS])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("12345.xlsx", buf.getvalue())


def test_spreadsheet_import_is_all_or_nothing_and_idempotent(tree, users):
    good = [
        "GD1",
        "2026-11-20 09:00",
        "张先生",
        "13800001111",
        tree.project_a.code,
        "环境卫生",
        "垃圾清运不及时",
        "一般",
    ]
    bad = ["GD2", None, None, "99999", "NOPE", "火星", "短", "很急"]
    with pytest.raises(ImportRejected) as exc:
        import_hotline_orders(hotline_sheet([good, bad]), user=users.district_a)
    message = exc.value.errors[0].message
    assert exc.value.errors[0].row == 3
    for part in ("手机号码", "项目编号", "诉求类别", "诉求内容过短", "紧急程度"):
        assert part in message
    assert not Complaint.objects.exists()
    assert import_hotline_orders(hotline_sheet([good]), user=users.district_a)["created"] == 1
    again = import_hotline_orders(hotline_sheet([good]), user=users.district_a)
    assert again == {"created": 0, "updated": 0, "unchanged": 1}
    assert Complaint.objects.get().external_id == "GD1"


# --- Open311 -----------------------------------------------------------------------------------
@pytest.fixture
def open311(db):
    return ApiClient.issue("开放平台", Channel.API)


def test_open311_discovery_and_services(client, open311):
    assert client.get("/open311/v2/discovery.json").json()["endpoints"][0]["formats"] == [
        "application/json",
        "text/xml",
    ]
    services = client.get("/open311/v2/services.json").json()
    elevator = next(s for s in services if s["service_code"] == "elevator")
    assert elevator["service_name"] == "电梯" and elevator["metadata"] is True
    xml = ElementTree.fromstring(client.get("/open311/v2/services.xml").content)
    assert xml.tag == "services" and xml.find("service/service_code") is not None
    definition = client.get("/open311/v2/services/elevator.json").json()
    assert definition["attributes"][0]["code"] == "project_id"
    assert client.get("/open311/v2/services/nope.json").json() == [
        {"code": 404, "description": "service_code not found"}
    ]


def test_open311_post_and_get_requests(tree, client, open311):
    _, key = open311
    data = {
        "api_key": key,
        "service_code": "elevator",
        "description": "电梯停运两天",
        "phone": "13811112222",
        "attribute[project_id]": tree.project_a.pk,
    }
    created = client.post("/open311/v2/requests.json", data)
    assert created.status_code == 201
    rid = created.json()[0]["service_request_id"]
    by_address = client.post(
        "/open311/v2/requests.json", {**data, "attribute[project_id]": "", "address_string": tree.project_b.address}
    )
    assert by_address.status_code == 201
    listed = client.get(
        "/open311/v2/requests.json", {"api_key": key, "service_code": "elevator", "status": "open"}
    ).json()
    assert {r["service_request_id"] for r in listed} == {rid, by_address.json()[0]["service_request_id"]}
    assert all(r["status"] == "open" and "phone" not in r for r in listed)
    one = client.get(f"/open311/v2/requests/{rid}.xml", {"api_key": key})
    node = ElementTree.fromstring(one.content)
    assert node.tag == "service_requests" and node.find("request/status").text == "open"
    assert client.get("/open311/v2/requests.json", {"api_key": key, "status": "closed"}).json() == []


def test_open311_errors_follow_the_spec(tree, client, open311):
    _, key = open311
    denied = client.post("/open311/v2/requests.json", {"service_code": "elevator"})
    assert denied.status_code == 403 and denied.json()[0]["code"] == 403
    bad = client.post(
        "/open311/v2/requests.xml", {"api_key": key, "service_code": "elevator", "description": "x", "phone": "1"}
    )
    assert bad.status_code == 400
    assert ElementTree.fromstring(bad.content).find("error/code").text == "400"
    other_client, other_key = ApiClient.issue("别的系统", Channel.API)
    c = make_complaint(tree.project_a)
    # Another client's key reads a request it did not submit in the public view only.
    seen = client.get(f"/open311/v2/requests/{c.pk}.json", {"api_key": other_key}).json()[0]
    assert seen["description"] is None and seen["address"] == tree.project_a.name
    assert client.get("/open311/v2/requests/99999999.json", {"api_key": other_key}).status_code == 404
    assert other_client.pk


# --- REST API ------------------------------------------------------------------------------------
def test_rest_actions_run_the_workflow_and_report_conflicts(tree, users, client_for):
    c = make_complaint(tree.project_a)
    api = client_for(users.district_a)
    assert api.post(f"/api/v1/complaints/{c.pk}/accept/", {}).json()["status"] == "accepted"
    again = api.post(f"/api/v1/complaints/{c.pk}/accept/", {})
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"
    body = api.post(f"/api/v1/complaints/{c.pk}/assign/", {"kind": "enterprise", "target": tree.ent_a.pk}).json()
    assert body["status"] == "assigned" and body["assignee"] == tree.ent_a.name
    assert client_for(users.ent_b).post(f"/api/v1/complaints/{c.pk}/sign/", {}).status_code == 404
    ent = client_for(users.ent_a)
    assert ent.post(f"/api/v1/complaints/{c.pk}/sign/", {}).json()["status"] == "signed"
    assert ent.post(f"/api/v1/complaints/{c.pk}/answer/", {}).status_code == 400
    answered = ent.post(f"/api/v1/complaints/{c.pk}/answer/", {"text": "已处理"}).json()
    assert answered["status"] == "answered" and answered["complainant_phone"] == "138****1234"
    assert ent.post(f"/api/v1/complaints/{c.pk}/close/", {}).status_code == 403
    api = client_for(users.district_a)  # the test client is one browser: sign the officer in again
    events = api.get(f"/api/v1/complaints/{c.pk}/events/").json()
    assert [e["type"] for e in events] == ["submitted", "accepted", "assigned", "signed", "answered"]
    # Masked for the officer too: the full number only through the recorded reveal.
    assert api.get(f"/api/v1/complaints/{c.pk}/").json()["complainant_phone"] == "138****1234"


def test_rest_officer_registers_a_phone_complaint(tree, users, client_for):
    api = client_for(users.district_a)
    data = {
        "project": tree.project_a.pk,
        "category": "leak",
        "description": "顶楼漏雨，多次报修无果",
        "complainant_phone": "13700001111",
        "channel": "phone",
    }
    created = api.post("/api/v1/complaints/", data)
    assert created.status_code == 201 and created.json()["channel"] == "phone"
    other = api.post("/api/v1/complaints/", {**data, "project": tree.project_b.pk})
    assert other.status_code == 400 and "project" in other.json()
    assert client_for(users.ent_a).post("/api/v1/complaints/", data).status_code == 403


def test_rest_filters(tree, users, client_for):
    a = make_complaint(tree.project_a, category_code="elevator")
    make_complaint(tree.project_b)
    api = client_for(users.city)
    ids = {r["id"] for r in api.get("/api/v1/complaints/?category=" + str(a.category_id)).json()["results"]}
    assert ids == {a.pk}
    assert api.get(f"/api/v1/complaints/?region={tree.b.code}").json()["count"] == 1
    assert api.get(f"/api/v1/complaints/?q={a.tracking_code}").json()["results"][0]["id"] == a.pk
    assert api.get("/api/v1/complaints/?status=submitted&status=accepted").json()["count"] == 2
    assert client_for(users.district_a).get("/api/v1/complaints/").json()["count"] == 1


def test_open311_post_is_idempotent_with_a_request_token(tree, client, open311):
    _, key = open311
    data = {
        "api_key": key,
        "service_code": "leak",
        "description": "顶楼漏雨渗水严重",
        "phone": "13811112222",
        "attribute[project_id]": tree.project_a.pk,
    }
    first = client.post("/open311/v2/requests.json", data, HTTP_IDEMPOTENCY_KEY="retry-123")
    again = client.post("/open311/v2/requests.json", data, HTTP_IDEMPOTENCY_KEY="retry-123")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()[0]["service_request_id"] == again.json()[0]["service_request_id"]
    by_attribute = client.post("/open311/v2/requests.json", {**data, "attribute[request_token]": "retry-123"})
    assert by_attribute.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    assert Complaint.objects.count() == 1
