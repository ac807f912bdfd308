"""One rule for a complaint's text, whatever the channel: at least DESCRIPTION_MIN_LENGTH and at
most DESCRIPTION_MAX_LENGTH characters. Every channel refuses what another refuses."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from complaints import workflow
from complaints.choices import Channel
from complaints.importing import HOTLINE_COLUMNS, import_hotline_orders
from complaints.models import ApiClient, Category, Complaint
from complaints.validation import DESCRIPTION_MAX_LENGTH, DESCRIPTION_MIN_LENGTH
from core.xlsx import ImportRejected

from .test_complaint_channels import push, ticket
from .test_complaint_public import submit as public_submit

TOO_SHORT = "短" * (DESCRIPTION_MIN_LENGTH - 1)
TOO_LONG = "长" * (DESCRIPTION_MAX_LENGTH + 1)
BAD_TEXTS = [pytest.param(TOO_SHORT, id="too-short"), pytest.param(TOO_LONG, id="too-long")]


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_public_form(tree, client, text):
    assert "诉求内容过" in public_submit(client, tree, description=text).content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_staff_form(tree, users, client_for, text):
    data = {
        "project": tree.project_a.pk,
        "category": Category.objects.get(code="leak").pk,
        "channel": "phone",
        "urgency": "normal",
        "description": text,
        "complainant_phone": "13700001111",
    }
    assert "诉求内容过" in client_for(users.district_a).post("/complaints/new/", data).content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_officer_api(tree, users, client_for, text):
    body = {"project": tree.project_a.pk, "category": "leak", "description": text, "complainant_phone": "13700001111"}
    response = client_for(users.district_a).post("/api/v1/complaints/", body, content_type="application/json")
    assert response.status_code == 400 and "description" in response.json()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_12345_push(tree, client, text):
    _client, key = ApiClient.issue("12345", Channel.HOTLINE_12345)
    response = push(client, ticket(tree, content=text), key=key)
    assert response.status_code == 400 and "description" in response.json()["errors"]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_open311(tree, client, text):
    _client, key = ApiClient.issue("open311", Channel.API)
    data = {
        "api_key": key,
        "service_code": "elevator",
        "description": text,
        "phone": "13811112222",
        "attribute[project_id]": tree.project_a.pk,
    }
    assert client.post("/open311/v2/requests.json", data).status_code == 400
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_spreadsheet_import(tree, users, text):
    wb = Workbook()
    ws = wb.active
    ws.append([str(c.header) for c in HOTLINE_COLUMNS])
    ws.append(["GD1", "2026-11-20 09:00", "张先生", "13800001111", tree.project_a.code, "环境卫生", text, "一般"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportRejected) as exc:
        import_hotline_orders(SimpleUploadedFile("12345.xlsx", buf.getvalue()), user=users.district_a)
    assert "诉求内容过" in exc.value.errors[0].message
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_submit_itself_refuses_what_no_channel_would_store(tree, text):
    complaint = Complaint(
        project=tree.project_a,
        category=Category.objects.get(code="leak"),
        description=text,
        complainant_phone="13700001111",
    )
    with pytest.raises(ValidationError):
        workflow.submit(complaint)
    assert not Complaint.objects.exists()


def test_the_bounds_themselves_are_accepted(tree):
    from .factories import make_complaint

    assert make_complaint(tree.project_a, description="字" * DESCRIPTION_MIN_LENGTH).pk
    assert make_complaint(tree.project_a, description="字" * DESCRIPTION_MAX_LENGTH).pk
