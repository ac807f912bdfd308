"""The portal's own error pages, the favicon, and phone-friendly phone fields."""

import pytest


@pytest.mark.django_db
def test_a_missing_page_is_the_portals_own_404_with_a_way_back(client, settings):
    settings.DEBUG = False
    response = client.get("/compound/NO-SUCH-COMPOUND/")
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html and 'href="/"' in html


def test_signed_in_staff_meet_the_404_in_the_portals_own_layout(users, client_for, settings):
    settings.DEBUG = False
    staff = client_for(users.district_a).get("/compound/NO-SUCH-COMPOUND/").content.decode()
    assert "页面不存在" in staff and "返回工作台" in staff
    assert 'id="mainnav"' in staff and "物业服务公开查询" not in staff  # the staff navbar, not the residents'
    resident = client_for(None).get("/compound/NO-SUCH-COMPOUND/").content.decode()
    assert "物业服务公开查询" in resident and 'id="mainnav"' not in resident


def test_a_forbidden_page_says_why_in_chinese(users, client_for):
    response = client_for(users.ent_a).get("/registry/regions/")
    assert response.status_code == 403 and "无权访问" in response.content.decode()


@pytest.mark.django_db
def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.ico")


@pytest.mark.django_db
def test_phone_fields_bring_up_the_numeric_keypad(client):
    assert 'type="tel"' in client.get("/complaint/new/").content.decode()
    assert 'inputmode="numeric"' in client.get("/complaint/track/").content.decode()


def test_the_compound_page_links_to_a_complaint_form_with_it_chosen(tree, client):
    page = client.get(f"/compound/{tree.project_a.code}/").content.decode()
    assert f"/complaint/new/?project={tree.project_a.pk}" in page
    form = client.get(f"/complaint/new/?project={tree.project_a.pk}").content.decode()
    assert tree.project_a.name in form
    assert client.get("/complaint/new/?project=" + "9" * 40).status_code == 200


def test_yes_no_filters_read_all_yes_no(users, client_for):
    page = client_for(users.district_a).get("/complaints/").content.decode()
    assert "未知" not in page and "---------" not in page
    # 超期 is three toggles, 全部 checked until the officer picks 是 or 否
    assert 'name="overdue" value="" id="id_overdue_0" autocomplete="off" checked><label' in page
    page = client_for(users.district_a).get("/complaints/?overdue=true").content.decode()
    assert 'name="overdue" value="true" id="id_overdue_1" autocomplete="off" checked><label' in page


def test_the_resident_sees_when_an_answer_is_expected(tree, client):
    from django.utils import timezone

    from complaints import sla
    from complaints.models import Complaint

    from .factories import make_complaint

    c = make_complaint(tree.project_a, complainant_phone="13812345678")
    expected = sla.expected_answer_at(c)
    assert expected is not None and expected > c.due_at  # accept + sign + answer, not just acceptance
    client.post("/complaint/track/", {"code": c.tracking_code, "phone_last4": "5678"})
    html = client.get(f"/complaint/track/{c.tracking_code}/").content.decode()
    assert "预计答复时间" in html and timezone.localtime(expected).strftime("%Y-%m-%d %H:%M") in html
    assert "办理时限（受理）" in html
    Complaint.objects.filter(pk=c.pk).update(stage="", due_at=None)
    c.refresh_from_db()
    assert sla.expected_answer_at(c) is None


def test_public_search_takes_several_words_and_street_names(tree, client):
    from projects.models import Project

    assert set(Project.objects.search("阳光 花园")) == {tree.project_a}
    assert set(Project.objects.search("大观园街道")) == {tree.project_a}  # the street it lies in
    assert set(Project.objects.search("大观园街道 锦绣")) == set()
    html = client.get("/search/", {"q": "阳光 花园"}).content.decode()
    assert tree.project_a.name in html and tree.a1.name in html  # the street tells alike names apart


@pytest.mark.django_db
def test_the_captcha_can_be_refreshed(client):
    page = client.get("/complaint/new/").content.decode()
    assert "data-captcha-refresh" in page and 'width="180"' in page and "请选择问题类别" in page
    fresh = client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()
    assert fresh["key"] and fresh["image_url"].startswith("/captcha/image/")


def test_an_unreadable_import_is_not_called_row_0(users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.xlsx", b"not a workbook")
    html = client_for(users.city).post("/registry/projects/import/", {"file": upload}).content.decode()
    assert "无法读取文件" in html and "第 0 行" not in html


def test_the_reveal_buttons_go_away_once_used(tree, users, client_for):
    import re

    from complaints import workflow

    from .factories import make_complaint

    c = workflow.accept(make_complaint(tree.project_a), actor=users.city)
    html = client_for(users.district_a).get(f"/complaints/{c.pk}/").content.decode()
    phone = re.search(r'<span id="phone">(.*?)</span>', html, re.S).group(1)
    assert "查看完整号码" in phone  # the button sits inside what the reveal replaces
