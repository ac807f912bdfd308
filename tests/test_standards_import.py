"""The standards workbook goes through the shared Excel reader: its size and row limits and its
messages apply, and a bad file changes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core import xlsx
from core.xlsx import ImportRejected
from inspections import standards
from inspections.models import StandardItem

from .test_inspections import demo  # noqa: F401  (fixture)


def _without_sheet(data: bytes, name: str) -> SimpleUploadedFile:
    wb = load_workbook(io.BytesIO(data))
    del wb[name]
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("s.xlsx", buf.getvalue())


def test_a_missing_sheet_is_named(demo, users):  # noqa: F811
    draft = standards.new_version(demo, actor=users.city)
    with pytest.raises(ImportRejected) as exc:
        standards.import_workbook(draft, _without_sheet(standards.export_workbook(demo), "总分"), actor=users.city)
    assert "“总分”工作表" in exc.value.errors[0].message
    assert StandardItem.objects.filter(category__standard=draft).count() == 144


def test_the_shared_size_and_row_limits_apply(demo, users, monkeypatch):  # noqa: F811
    draft = standards.new_version(demo, actor=users.city)
    data = standards.export_workbook(demo)
    monkeypatch.setattr(xlsx, "MAX_IMPORT_BYTES", len(data) - 1)
    with pytest.raises(ImportRejected) as exc:
        standards.import_workbook(draft, SimpleUploadedFile("s.xlsx", data), actor=users.city)
    assert "文件超过" in exc.value.errors[0].message
    monkeypatch.setattr(xlsx, "MAX_IMPORT_BYTES", 20 * 1024 * 1024)
    monkeypatch.setattr(xlsx, "MAX_IMPORT_ROWS", 100)
    with pytest.raises(ImportRejected) as exc:
        standards.import_workbook(draft, SimpleUploadedFile("s.xlsx", data), actor=users.city)
    assert "一次最多导入 100 行" in exc.value.errors[0].message
