"""Text that breaks output formats: spreadsheet formulas and control characters (issue 10, 2–3)."""

import io
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from complaints.choices import Channel
from complaints.importing import HOTLINE_COLUMNS, import_hotline_orders
from complaints.models import ApiClient, Complaint
from core import exports
from core.choices import ExportStatus
from core.models import Export

from .factories import make_complaint

FORMULAS = [
    "=cmd|' /C calc'!A0 楼道漏水",
    '=HYPERLINK("http://evil.example/","点此查看")',
    "+1+1 电梯停运很久了",
    "-2+3 电梯停运很久了",
    "@SUM(1+1) 电梯停运很久了",
    "\t=1+2 电梯停运很久了",
    "\r=1+2 电梯停运很久了",
]


def _cells(content: bytes, header_name: str):
    """(value, data type) of a column, read as Excel would: formulas as formulas."""
    ws = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in ws[1]]
    column = header.index(header_name) + 1
    return [(row[column - 1].value, row[column - 1].data_type) for row in ws.iter_rows(min_row=2)]


def test_formula_like_text_is_exported_as_text(tree, users, client_for):
    from complaints.models import Complaint

    for text in FORMULAS:
        # Stored as is (intake strips surrounding blanks): the writer must cope with any text.
        Complaint.objects.filter(pk=make_complaint(tree.project_a).pk).update(description=text)
    response = client_for(users.district_a).get("/complaints/", {"export": "xlsx"})
    assert response.status_code == 200
    cells = _cells(response.content, "问题描述")
    assert sorted(v for v, _t in cells) == sorted(FORMULAS)
    assert {t for _v, t in cells} == {"s"}  # strings, never "f"
    ws = load_workbook(io.BytesIO(response.content)).active
    assert all(row[8].quotePrefix for row in ws.iter_rows(min_row=2))


def test_control_characters_stored_earlier_do_not_break_exports(tree, users, client_for, settings):
    bad = make_complaint(tree.project_a, description="楼道\x01垃圾\x0b无人\x1f清运很久")
    response = client_for(users.district_a).get("/complaints/", {"export": "xlsx"})
    assert response.status_code == 200
    assert _cells(response.content, "问题描述") == [("楼道垃圾无人清运很久", "s")]

    # A background export (a larger list) is written by the same writer.
    export = Export.objects.create(user=users.city, name="投诉工单", view="complaints.views.ComplaintListView")
    assert exports.run(export.pk) == ExportStatus.DONE
    assert bad.pk


def test_open311_xml_stays_parseable_with_stored_control_characters(tree, client):
    api_client, key = ApiClient.issue("开放平台", Channel.API)
    make_complaint(tree.project_a, description="电梯\x01停运\x08两天\ufffe了", source_client=api_client)
    response = client.get("/open311/v2/requests.xml", {"api_key": key})
    assert response.status_code == 200
    node = ElementTree.fromstring(response.content)
    assert node.find("request/description").text == "电梯停运两天了"


def _sheet(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([str(c.header) for c in HOTLINE_COLUMNS])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("12345.xlsx", buf.getvalue())


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://evil.example/","详情")', "=1+2+3+4+5"])
def test_imported_formulas_are_stored_as_their_text_and_exported_as_text(tree, users, client_for, cell):
    row = ["GD9", None, "张先生", "13800001111", tree.project_a.code, "环境卫生", cell, "一般"]
    assert import_hotline_orders(_sheet([row]), user=users.district_a)["created"] == 1
    complaint = Complaint.objects.get()
    assert complaint.description == cell and complaint.complainant_name == "张先生"
    response = client_for(users.district_a).get("/complaints/", {"export": "xlsx"})
    assert _cells(response.content, "问题描述") == [(cell, "s")]


# --- control characters are stripped at intake ---------------------------------------------------
def test_the_public_form_strips_control_characters(tree, client):
    from .test_complaint_public import submit

    response = submit(client, tree, description="楼道\x01垃圾\x1b堆放一周\x7f无人清运", complainant_name="王\x00女士")
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.description == "楼道垃圾堆放一周无人清运" and complaint.complainant_name == "王女士"


def test_open311_and_the_rest_api_strip_control_characters(tree, users, client, client_for):
    _, key = ApiClient.issue("开放平台", Channel.API)
    data = {
        "api_key": key,
        "service_code": "elevator",
        "description": "电梯\x01停运\x00两天",
        "phone": "13811112222",
        "attribute[project_id]": tree.project_a.pk,
        "first_name": "\x02明",
    }
    assert client.post("/open311/v2/requests.json", data).status_code == 201
    assert Complaint.objects.get().description == "电梯停运两天"
    api = client_for(users.district_a)
    body = {
        "project": tree.project_a.pk,
        "category": "leak",
        "description": "顶楼\x01漏雨\x00，多次报修无果",
        "complainant_phone": "13700001111",
        "complainant_name": "李\x03",
    }
    as_json = api.post("/api/v1/complaints/", body, content_type="application/json")
    as_form = api.post("/api/v1/complaints/", body)
    assert (as_json.status_code, as_form.status_code) == (201, 201)
    assert as_json.json()["description"] == as_form.json()["description"] == "顶楼漏雨，多次报修无果"


def test_staff_pages_strip_control_characters_before_storing(tree, users, client_for):
    c = make_complaint(tree.project_a)
    response = client_for(users.district_a).post(f"/complaints/{c.pk}/reject/", {"note": "重复\x00投诉\x01"})
    assert response.status_code in (200, 302)
    c.refresh_from_db()
    assert c.reject_reason == "重复投诉"
