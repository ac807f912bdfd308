"""The inspector's phone journey: score in place (htmx), edit and withdraw deductions, confirm
before submitting; "my inspections"; the draw asks before publishing; summons pages and files."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.choices import Role
from core.errors import InvalidState
from inspections import draws, rectification, workflow
from inspections.choices import DrawStatus, InspectionStatus
from inspections.demo_standard import install_demo_standard
from inspections.models import Deduction, Draw, StandardItem, SummonsAttachment

from .factories import UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def standard(db):
    return install_demo_standard()


@pytest.fixture
def inspection(tree, users, standard):
    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a, last_name=f"检查员{i}") for i in range(2)]
    draw = Draw.objects.create(name="抽查", region=tree.a, project_count=1, created_by=users.district_a)
    draw.inspector_pool.set(inspectors)
    draws.execute(draw, actor=users.district_a)
    (made,) = workflow.create_for_draw(draw)
    made.lead, made.second = [made.inspectors.get(pk=pk) for pk in draw.results.get().inspectors]
    return made


def item(standard, code="06.02"):
    return StandardItem.objects.get(category__standard=standard, code=code)


def _url(inspection, action=""):
    return f"/supervision/inspections/{inspection.pk}/" + (f"{action}/" if action else "")


def _png(size=(8, 8)):
    buf = io.BytesIO()
    Image.new("RGB", size).save(buf, "PNG")
    return buf.getvalue()


# --- scoring in place ------------------------------------------------------------------------------
def test_htmx_deduction_returns_only_the_row_and_the_running_score(inspection, standard, client_for):
    it = item(standard)
    response = client_for(inspection.lead).post(
        _url(inspection, "deduct"), {"item": it.pk, "points": "3", "reason": "消防通道堆物", "rectify": "on"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<nav" not in html  # a fragment, not the page
    assert html.lstrip().startswith(f'<li class="list-group-item" id="item-{it.pk}">')
    assert html.count('id="item-') == 1  # the one row only, not the 144-item list
    assert 'id="running-score"' in html and 'hx-swap-oob="true"' in html
    assert "997.0" in html and "消防通道堆物" in html


def test_htmx_bad_deduction_keeps_the_row_open_with_the_error(inspection, standard, client_for):
    it = item(standard)
    response = client_for(inspection.lead).post(
        _url(inspection, "deduct"), {"item": it.pk, "points": "99", "reason": "堆物"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and "不超过该项分值" in html and '<details class="mt-1" open>' in html
    assert 'value="99"' in html  # what the inspector typed is still there
    assert not Deduction.objects.exists()


def test_plain_post_still_works_and_returns_to_the_item(inspection, standard, client_for):
    it = item(standard)
    response = client_for(inspection.lead).post(
        _url(inspection, "deduct"), {"item": it.pk, "points": "2", "reason": "堆物", "rectify": "on"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/#item-{it.pk}")
    assert Deduction.objects.get().points == Decimal("2")


def test_the_page_shows_the_running_score_the_inspectors_and_the_photos(inspection, standard, client_for):
    from core.photos import clean_images

    workflow.deduct(
        inspection,
        actor=inspection.lead,
        item=item(standard),
        points=5,
        reason="堆物",
        images=clean_images([SimpleUploadedFile("p.png", _png())]),
    )
    html = client_for(inspection.second).get(_url(inspection)).content.decode()
    assert 'id="running-score"' in html and "995.0" in html
    assert inspection.lead.last_name in html and inspection.second.last_name in html
    photo = Deduction.objects.get().photos.get()
    assert f"/supervision/photos/{photo.pk}/" in html
    assert client_for(inspection.second).get(f"/supervision/photos/{photo.pk}/")["Content-Type"] == "image/png"


def test_edit_and_remove_a_deduction_in_place(inspection, standard, client_for):
    it = item(standard)
    lead = client_for(inspection.lead)
    lead.post(_url(inspection, "deduct"), {"item": it.pk, "points": "3", "reason": "堆物", "rectify": "on"})
    edited = lead.post(_url(inspection, "edit"), {"item": it.pk, "points": "1.5", "reason": "少量堆物"}, **HTMX)
    deduction = Deduction.objects.get()
    assert (deduction.points, deduction.reason, deduction.needs_rectification) == (Decimal("1.5"), "少量堆物", False)
    assert "998.5" in edited.content.decode()
    removed = lead.post(_url(inspection, "remove"), {"item": it.pk}, **HTMX)
    assert not Deduction.objects.exists() and "1000.0" in removed.content.decode()
    again = lead.post(_url(inspection, "remove"), {"item": it.pk}, **HTMX)
    assert "没有扣分记录" in again.content.decode()


def test_only_the_assigned_inspectors_edit_or_remove(inspection, standard, users):
    deduction = workflow.deduct(inspection, actor=inspection.lead, item=item(standard), points=3, reason="堆物")
    for outsider in (users.district_a, users.city):
        with pytest.raises(PermissionDenied):
            workflow.edit_deduction(deduction, actor=outsider, points=1, reason="x")
        with pytest.raises(PermissionDenied):
            workflow.remove_deduction(deduction, actor=outsider)
    workflow.edit_deduction(deduction, actor=inspection.second, points=2, reason="复核后改为 2 分")
    assert Deduction.objects.get().points == 2  # either inspector of the team may correct it


def test_no_edit_or_remove_after_submission(inspection, standard, client_for):
    deduction = workflow.deduct(inspection, actor=inspection.lead, item=item(standard), points=3, reason="堆物")
    workflow.submit(inspection, actor=inspection.lead)
    with pytest.raises(InvalidState):
        workflow.edit_deduction(deduction, actor=inspection.lead, points=1, reason="x")
    with pytest.raises(InvalidState):
        workflow.remove_deduction(deduction, actor=inspection.lead)
    response = client_for(inspection.lead).post(_url(inspection, "remove"), {"item": deduction.item_id}, follow=True)
    assert "检查已提交" in response.content.decode() and Deduction.objects.count() == 1


def test_edit_refuses_points_above_the_item(inspection, standard):
    from django.core.exceptions import ValidationError

    deduction = workflow.deduct(inspection, actor=inspection.lead, item=item(standard), points=3, reason="堆物")
    with pytest.raises(ValidationError):
        workflow.edit_deduction(deduction, actor=inspection.lead, points=999, reason="x")
    with pytest.raises(ValidationError):
        workflow.edit_deduction(deduction, actor=inspection.lead, points=1, reason="  ")


def test_submit_asks_for_confirmation_first(inspection, standard, client_for):
    lead = client_for(inspection.lead)
    workflow.deduct(inspection, actor=inspection.lead, item=item(standard), points=3, reason="堆物")
    response = lead.post(_url(inspection, "submit"))
    assert response.status_code == 302 and response["Location"].endswith("?confirm=submit#confirm-submit")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.ASSIGNED
    page = lead.get(response["Location"]).content.decode()
    assert 'id="confirm-submit"' in page and "997.0" in page and 'name="confirm" value="yes"' in page
    lead.post(_url(inspection, "submit"), {"confirm": "yes"})
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.SUBMITTED and inspection.score == Decimal("997")


# --- my inspections --------------------------------------------------------------------------------
def test_my_inspections_lists_only_mine_with_what_waits(inspection, standard, tree, users, client_for):
    from core.menu import badges

    other = UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a, last_name="旁人")
    assert inspection.due_on is not None
    page = client_for(inspection.lead).get("/supervision/inspections/mine/").content.decode()
    assert tree.project_a.name in page and inspection.due_on.strftime("%Y-%m-%d") in page
    assert tree.project_a.name not in client_for(other).get("/supervision/inspections/mine/").content.decode()
    assert client_for(users.ent_a).get("/supervision/inspections/mine/").status_code == 403
    assert badges(inspection.lead)["inspections:my_inspections"] == 1
    workflow.submit(inspection, actor=inspection.lead)
    assert badges(inspection.lead)["inspections:my_inspections"] == 0  # now the other one's turn
    assert badges(inspection.second)["inspections:my_inspections"] == 1
    assert badges(other)["inspections:my_inspections"] == 0
    page = client_for(inspection.second).get("/supervision/inspections/mine/").content.decode()
    assert "待我会签" in page and tree.project_a.name in page


# --- the draw asks first ---------------------------------------------------------------------------
def test_executing_a_draw_needs_the_confirmation(tree, users, client_for):
    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a) for _ in range(2)]
    draw = Draw.objects.create(name="四季度抽查", region=tree.a, project_count=1, created_by=users.district_a)
    draw.inspector_pool.set(inspectors)
    officer = client_for(users.district_a)
    response = officer.post(f"/supervision/draws/{draw.pk}/execute/")
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAFT and not draw.seed
    assert response["Location"].endswith("?confirm=execute#confirm-execute")
    page = officer.get(response["Location"]).content.decode()
    assert 'id="confirm-execute"' in page and "不可撤销" in page and "随机种子" in page
    assert 'name="confirm" value="yes"' in page
    officer.post(f"/supervision/draws/{draw.pk}/execute/", {"confirm": "yes"})
    draw.refresh_from_db()
    assert draw.status == DrawStatus.PUBLISHED and draw.results.count() == 1


# --- summons ---------------------------------------------------------------------------------------
@pytest.fixture
def summons(tree, users):
    return rectification.record_summons(
        enterprise=tree.ent_a,
        person="王总",
        held_on="2026-11-20",
        reason="投诉集中",
        outcome="限期整改",
        actor=users.district_a,
    )


def test_summons_detail_is_scoped_per_role(summons, users, client_for):
    for who in ("admin", "city", "district_a", "ent_a"):
        html = client_for(getattr(users, who)).get(f"/supervision/summons/{summons.pk}/").content.decode()
        assert "王总" in html and "投诉集中" in html and "限期整改" in html, who
    for who in ("district_b", "ent_b"):
        assert client_for(getattr(users, who)).get(f"/supervision/summons/{summons.pk}/").status_code == 404, who
    listing = client_for(users.ent_a).get("/supervision/summons/").content.decode()
    assert f"/supervision/summons/{summons.pk}/" in listing


def test_summons_shows_its_orders_and_what_lies_behind_them(summons, tree, users, client_for):
    order = rectification.issue(
        project=tree.project_a, source="summons", issue="限期清理楼道", days=5, actor=users.district_a, summons=summons
    )
    html = client_for(users.district_a).get(f"/supervision/summons/{summons.pk}/").content.decode()
    assert f"/supervision/orders/{order.pk}/" in html and "限期清理楼道" in html
    assert (
        f"/supervision/summons/{summons.pk}/"
        in client_for(users.ent_a).get(f"/supervision/orders/{order.pk}/").content.decode()
    )


def test_officer_attaches_a_pdf_and_a_photo(summons, users, client_for):
    officer = client_for(users.district_a)
    pdf = SimpleUploadedFile("约谈笔录.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    photo = SimpleUploadedFile("现场.png", _png())
    response = officer.post(f"/supervision/summons/{summons.pk}/attach/", {"attachments": [pdf, photo]})
    assert response.status_code == 302
    files = list(SummonsAttachment.objects.order_by("pk"))
    assert [(f.name, f.content_type) for f in files] == [("约谈笔录.pdf", "application/pdf"), ("现场.png", "image/png")]
    download = client_for(users.ent_a).get(f"/supervision/summons/attachments/{files[0].pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert client_for(users.ent_b).get(f"/supervision/summons/attachments/{files[0].pk}/").status_code == 404


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("约谈笔录.pdf", b"MZ\x90\x00 not a pdf at all"), "不是有效的 PDF"),
        (SimpleUploadedFile("笔录.docx", b"PK\x03\x04 word document"), "只能上传 JPG、PNG 图片或 PDF"),
        (SimpleUploadedFile("脚本.png", b"<script>alert(1)</script>"), "只能上传 JPG、PNG 图片或 PDF"),
    ],
)
def test_attachment_of_the_wrong_type_is_a_form_error(summons, users, client_for, upload, message):
    response = client_for(users.district_a).post(f"/supervision/summons/{summons.pk}/attach/", {"attachments": upload})
    assert response.status_code == 400 and message in response.content.decode()
    assert not SummonsAttachment.objects.exists()


def test_attachment_too_big_is_a_form_error(summons, users, client_for, settings):
    settings.ATTACHMENT_MAX_PDF_BYTES = 1024 * 1024
    settings.COMPLAINT_MAX_PHOTO_BYTES = 1024 * 1024
    big_pdf = b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n"
    officer = client_for(users.district_a)
    response = officer.post(
        f"/supervision/summons/{summons.pk}/attach/", {"attachments": SimpleUploadedFile("大.pdf", big_pdf)}
    )
    assert response.status_code == 400 and "超过 1 MB" in response.content.decode()
    big_png = SimpleUploadedFile("大.png", _png() + b"\0" * (1024 * 1024))
    response = officer.post(f"/supervision/summons/{summons.pk}/attach/", {"attachments": big_png})
    assert response.status_code == 400 and "超过 1 MB" in response.content.decode()
    empty = officer.post(f"/supervision/summons/{summons.pk}/attach/", {})
    assert empty.status_code == 400 and "请选择要上传的文件" in empty.content.decode()
    assert not SummonsAttachment.objects.exists()


def test_only_bureau_officers_of_the_region_attach(summons, users, client_for):
    pdf = b"%PDF-1.4\n%%EOF\n"
    for who in ("street_a", "ent_a"):
        response = client_for(getattr(users, who)).post(
            f"/supervision/summons/{summons.pk}/attach/", {"attachments": SimpleUploadedFile("a.pdf", pdf)}, follow=True
        )
        assert response.status_code == 200 and "可以上传约谈附件" in response.content.decode(), who
    assert "上传附件" not in client_for(users.ent_a).get(f"/supervision/summons/{summons.pk}/").content.decode()
    response = client_for(users.district_b).post(
        f"/supervision/summons/{summons.pk}/attach/", {"attachments": SimpleUploadedFile("a.pdf", pdf)}
    )
    assert response.status_code == 404
    assert not SummonsAttachment.objects.exists()


def test_summons_recorded_with_files_from_the_form(tree, users, client_for):
    response = client_for(users.district_a).post(
        "/supervision/summons/new/",
        {
            "enterprise": tree.ent_a.pk,
            "person": "李经理",
            "held_on": "2026-11-25",
            "reason": "整改不力",
            "attachments": SimpleUploadedFile("通知书.pdf", b"%PDF-1.7\n%%EOF"),
        },
    )
    attachment = SummonsAttachment.objects.get()
    assert response["Location"] == f"/supervision/summons/{attachment.summons_id}/"
    bad = client_for(users.district_a).post(
        "/supervision/summons/new/",
        {
            "enterprise": tree.ent_a.pk,
            "person": "李经理",
            "held_on": "2026-11-25",
            "reason": "整改不力",
            "attachments": SimpleUploadedFile("通知书.exe", b"MZ\x90"),
        },
    )
    assert bad.status_code == 200 and "只能上传 JPG、PNG 图片或 PDF" in bad.content.decode()
