"""Excel import: every row validated first, errors by row number in Chinese, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.xlsx import ImportRejected
from enterprises.importing import ENTERPRISE_COLUMNS, import_enterprises
from enterprises.models import Enterprise
from projects.importing import PROJECT_COLUMNS, REGION_COLUMNS, import_projects, import_regions
from projects.models import Project
from regions.models import Region

from .factories import valid_uscc


def workbook(headers, rows, name="import.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append([str(h) for h in headers])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def project_headers():
    return [str(c.header) for c in PROJECT_COLUMNS if c.key not in ("region_name", "enterprise_name")]


def project_row(code, region_code, mode="无人管理", uscc=None, **over):
    values = {
        "code": code,
        "name": f"{code} 小区",
        "region_code": region_code,
        "address": "建设路 8 号",
        "project_type": "住宅",
        "households": 300,
        "buildings": 6,
        "floor_area": 30000,
        "management_mode": mode,
        "enterprise_uscc": uscc,
        "contract_start": None,
        "contract_end": None,
        "fee_standard": 1.5,
        "owners_committee": "已成立",
        "party_branch": "是",
        "service_content": "二级服务",
        "fee_disclosure": "1.5 元",
        "complaint_channels": "12345",
        "public_revenue": "半年公示",
    }
    values.update(over)
    return [values[c.key] for c in PROJECT_COLUMNS if c.key not in ("region_name", "enterprise_name")]


def test_good_project_file_is_imported(tree, users):
    rows = [
        project_row("P-NEW-1", tree.a1a.code, "规范化物业管理", tree.ent_a.uscc),
        project_row("P-NEW-2", tree.a1a.code, "unit_logistics"),
        project_row(tree.project_a.code, tree.a1a.code, "简单保洁", name="改名小区"),
    ]
    result = import_projects(workbook(project_headers(), rows), user=users.district_a)
    assert result == {"created": 2, "updated": 1}
    new = Project.objects.get(code="P-NEW-1")
    assert new.enterprise == tree.ent_a and new.management_mode == "professional" and new.party_branch
    tree.project_a.refresh_from_db()
    assert tree.project_a.name == "改名小区" and tree.project_a.management_mode == "basic_cleaning"


def test_bad_rows_are_all_reported_and_nothing_is_saved(tree, users):
    before = Project.objects.count()
    rows = [
        project_row("P-OK-1", tree.a1a.code),  # row 2: fine
        project_row("P-BAD-1", tree.a1a.code, "规范化物业管理"),  # row 3: no enterprise
        project_row("P-BAD-2", tree.b1a.code),  # row 4: other district
        project_row("P-BAD-3", tree.a1a.code, "火星管理"),  # row 5: unknown mode
        project_row("P-OK-1", tree.a1a.code),  # row 6: duplicate code
        project_row("P-BAD-4", tree.a1a.code, uscc="91110000600037341X"),  # row 7: unknown enterprise
        project_row("P-BAD-5", tree.a1a.code, households=-3),  # row 8: negative
    ]
    with pytest.raises(ImportRejected) as exc:
        import_projects(workbook(project_headers(), rows), user=users.district_a)
    errors = {e.row: e.message for e in exc.value.errors}
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "必须填写物业服务企业" in errors[3]
    assert "不在您的辖区内" in errors[4]
    assert "管理模式" in errors[5]
    assert "重复" in errors[6]
    assert "未登记" in errors[7]
    assert "户数" in errors[8]
    assert str(exc.value.errors[0]).startswith("第 3 行：")
    assert Project.objects.count() == before
    assert not Project.objects.filter(code="P-OK-1").exists()


def test_cannot_overwrite_a_project_of_another_district(tree, users):
    rows = [project_row(tree.project_b.code, tree.a1a.code)]
    with pytest.raises(ImportRejected) as exc:
        import_projects(workbook(project_headers(), rows), user=users.district_a)
    assert "无权修改" in exc.value.errors[0].message


def test_missing_required_column_and_not_a_workbook(tree, users):
    with pytest.raises(ImportRejected) as exc:
        import_projects(workbook(["项目编号", "项目名称"], [["P1", "x"]]), user=users.district_a)
    assert exc.value.errors[0].row == 1 and "缺少必填列" in exc.value.errors[0].message
    with pytest.raises(ImportRejected) as exc:
        import_projects(SimpleUploadedFile("x.xlsx", b"not a zip"), user=users.district_a)
    assert "xlsx" in exc.value.errors[0].message


def test_only_bureau_officers_import(tree, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_projects(workbook(project_headers(), [project_row("P1", tree.a1a.code)]), user=users.street_a)


def test_export_then_import_round_trips(tree, users, client_for):
    response = client_for(users.city).get("/registry/projects/?export=xlsx")
    upload = SimpleUploadedFile("export.xlsx", response.content)
    assert import_projects(upload, user=users.city) == {"created": 0, "updated": 2}


def test_import_page_lists_row_errors_in_chinese(tree, users, client_for):
    rows = [project_row("P-BAD-1", tree.a1a.code, "规范化物业管理")]
    response = client_for(users.district_a).post(
        "/registry/projects/import/", {"file": workbook(project_headers(), rows)}
    )
    assert response.status_code == 200
    assert "第 2 行" in response.content.decode()
    assert not Project.objects.filter(code="P-BAD-1").exists()


def test_import_page_refuses_other_formats(tree, users, client_for):
    response = client_for(users.district_a).post(
        "/registry/projects/import/", {"file": SimpleUploadedFile("a.csv", b"a,b")}
    )
    assert "请上传 .xlsx 格式" in response.content.decode()


def test_region_import_creates_children_in_order_and_checks_scope(tree, users):
    headers = [str(c.header) for c in REGION_COLUMNS]
    rows = [
        ["370102002001", "新社区", "社区", "370102002"],  # child listed before its parent
        ["370102002", "新街道", "街道", "370102"],
    ]
    assert import_regions(workbook(headers, rows), user=users.district_a) == {"created": 2, "updated": 0}
    assert Region.objects.get(code="370102002001").path == "370100/370102/370102002/370102002001/"
    bad = [["370103009", "越界街道", "街道", "370103"], ["370102003", "错层", "社区", "370102"]]
    with pytest.raises(ImportRejected) as exc:
        import_regions(workbook(headers, bad), user=users.district_a)
    messages = {e.row: e.message for e in exc.value.errors}
    assert "不在您的辖区内" in messages[2] and "层级" in messages[3]
    assert not Region.objects.filter(code="370103009").exists()


def test_enterprise_import_validates_uscc_per_row(tree, users):
    headers = [str(c.header) for c in ENTERPRISE_COLUMNS if c.key != "region_name"]
    good = valid_uscc()

    def row(code, **over):
        values = {
            "uscc": code,
            "name": "新物业公司",
            "legal_representative": "王五",
            "region_code": tree.a.code,
            "address": "经十路 1 号",
            "phone": "0531-86000000",
            "founded": None,
            "staff_count": 20,
            "party_organisation": "独立党组织",
            "service_brand": "",
            "status": "正常经营",
            "certifications": "ISO9001、ISO14001",
        }
        values.update(over)
        return [values[c.key] for c in ENTERPRISE_COLUMNS if c.key != "region_name"]

    with pytest.raises(ImportRejected) as exc:
        import_enterprises(
            workbook(
                headers,
                [
                    row(good),
                    row(good[:-1] + ("0" if good[-1] != "0" else "1")),
                    row("123"),
                    row(valid_uscc(), certifications="火星认证"),
                ],
            ),
            user=users.district_a,
        )
    messages = {e.row: e.message for e in exc.value.errors}
    assert set(messages) == {3, 4, 5}
    assert "校验位错误" in messages[3] and "18 位" in messages[4] and "火星认证" in messages[5]
    assert not Enterprise.objects.filter(uscc=good).exists()

    assert import_enterprises(workbook(headers, [row(good)]), user=users.district_a) == {"created": 1, "updated": 0}
    created = Enterprise.objects.get(uscc=good)
    assert {c.code for c in created.certifications.all()} == {"ISO9001", "ISO14001"}
    assert created.party_organisation == "independent"


def test_export_headers_match_import_columns(tree, users, client_for):
    wb = load_workbook(io.BytesIO(client_for(users.city).get("/enterprises/?export=xlsx").content), read_only=True)
    header = next(wb.worksheets[0].iter_rows(values_only=True))
    assert list(header) == [str(c.header) for c in ENTERPRISE_COLUMNS]
