"""Large Excel exports: built by a worker from the same view, filters and scope, downloaded by
their owner, swept when stuck or old."""

import datetime as dt
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from complaints.choices import Status
from core import exports
from core.choices import ExportStatus
from core.models import Export

from .factories import make_complaint


@pytest.fixture
def queued(monkeypatch):
    """Export ids handed to the broker."""
    ids = []
    monkeypatch.setattr(exports, "enqueue", lambda pk: ids.append(pk) or True)
    return ids


@pytest.fixture
def complaints(tree):
    in_a = [make_complaint(tree.project_a, description=f"A 区投诉 {n}") for n in range(3)]
    in_b = make_complaint(tree.project_b, description="B 区投诉")
    return in_a, in_b


def _sheet(export):
    with export.file.open("rb") as f:
        rows = list(load_workbook(io.BytesIO(f.read()), read_only=True).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_a_large_export_is_built_in_the_background_within_the_users_scope(
    tree, users, client_for, complaints, queued, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 2
    in_a, in_b = complaints
    client = client_for(users.district_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/complaints/", {"export": "xlsx", "status": Status.SUBMITTED, "page": "2"})
    assert response.status_code == 302 and response["Location"] == "/accounts/exports/"
    export = Export.objects.get()
    assert queued == [export.pk]  # queued only once the request's transaction committed
    assert export.user == users.district_a and export.status == ExportStatus.PENDING
    assert export.params == {"status": [Status.SUBMITTED]}  # the filters, not the page or the flag
    assert "数据超过 2 行" in client.get("/accounts/exports/").content.decode()

    assert exports.run(export.pk) == ExportStatus.DONE
    export.refresh_from_db()
    assert export.rows == 3 and not export.truncated and export.finished
    header, rows = _sheet(export)
    assert "工单号" in header and "查询码" not in header  # the tracking code is the resident's secret
    numbers = {row[header.index("工单号")] for row in rows}
    assert numbers == {c.work_order_no for c in in_a}  # district B's complaint is out of scope

    download = client.get(f"/accounts/exports/{export.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    assert client_for(users.district_b).get(f"/accounts/exports/{export.pk}/download/").status_code == 404
    assert exports.run(export.pk) == "skipped"  # a duplicate task builds nothing twice


def test_small_exports_stay_inline(tree, users, client_for, complaints, queued):
    response = client_for(users.district_a).get("/complaints/", {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Export.objects.exists() and queued == []


def test_an_export_stops_at_the_sheet_limit_and_says_so(tree, users, complaints, settings):
    settings.EXPORT_MAX_ROWS = 2
    export = Export.objects.create(user=users.city, name="投诉工单", view="complaints.views.ComplaintListView")
    assert exports.run(export.pk) == ExportStatus.DONE
    export.refresh_from_db()
    assert export.rows == 2 and export.truncated
    assert len(_sheet(export)[1]) == 2


def test_the_export_is_written_in_the_language_of_the_request(tree, users, complaints):
    export = Export.objects.create(
        user=users.city, name="Complaints", view="complaints.views.ComplaintListView", language="en"
    )
    exports.run(export.pk)
    header, _rows = _sheet(Export.objects.get(pk=export.pk))
    assert "工单号" not in header and "Work order no." in header


def test_a_failed_export_is_recorded(tree, users):
    export = Export.objects.create(user=users.city, name="坏的", view="complaints.views.NoSuchView")
    assert exports.run(export.pk) == ExportStatus.FAILED
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.error and export.finished
    page = Export.objects.visible_to(users.city).get(pk=export.pk)
    assert page.status == ExportStatus.FAILED


def test_the_page_refreshes_itself_while_an_export_is_being_built(tree, users, client_for):
    Export.objects.create(user=users.city, name="投诉工单", view="complaints.views.ComplaintListView")
    Export.objects.create(user=users.district_a, name="别人的", view="complaints.views.ComplaintListView")
    page = client_for(users.city).get("/accounts/exports/").content.decode()
    assert 'hx-trigger="every 3s"' in page and "投诉工单" in page and "别人的" not in page
    Export.objects.filter(user=users.city).update(status=ExportStatus.DONE)
    assert 'hx-trigger="every 3s"' not in client_for(users.city).get("/accounts/exports/").content.decode()


def test_the_sweeper_requeues_fails_and_purges(tree, users, queued, settings):
    now = timezone.now()
    old_pending = Export.objects.create(user=users.city, name="a", view="x")
    fresh_pending = Export.objects.create(user=users.city, name="b", view="x")
    stuck = Export.objects.create(user=users.city, name="c", view="x", status=ExportStatus.RUNNING)
    expired = Export.objects.create(user=users.city, name="d", view="x", status=ExportStatus.DONE)
    expired.file.save("old.xlsx", ContentFile(b"PK"), save=True)
    path = expired.file.path
    Export.objects.filter(pk=old_pending.pk).update(created=now - dt.timedelta(minutes=5))
    Export.objects.filter(pk=stuck.pk).update(created=now - exports.STUCK_AFTER - dt.timedelta(minutes=1))
    Export.objects.filter(pk=expired.pk).update(created=now - dt.timedelta(days=settings.EXPORT_RETENTION_DAYS + 1))

    assert exports.sweep() == 1
    assert queued == [old_pending.pk]  # the fresh one may still be on its way
    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED
    assert not Export.objects.filter(pk=expired.pk).exists()
    assert not os.path.exists(path)
    assert Export.objects.filter(pk=fresh_pending.pk, status=ExportStatus.PENDING).exists()
