"""The inspection pages drive the rules modules end to end."""

import re

import pytest

from accounts.choices import Role
from inspections.choices import InspectionStatus, OrderStatus, ReportStatus
from inspections.demo_standard import install_demo_standard
from inspections.models import Draw, Inspection, RectificationOrder, SelfReport, StandardItem

from .factories import UserFactory


@pytest.fixture
def standard(db):
    return install_demo_standard()


def test_officer_defines_executes_and_verifies_a_draw_then_inspectors_score_it(tree, users, standard, client_for):
    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a, last_name=f"检查员{i}") for i in range(3)]
    officer = client_for(users.district_a)
    response = officer.post(
        "/supervision/draws/new/",
        {
            "name": "四季度抽查",
            "region": tree.a.pk,
            "project_count": 1,
            "inspectors_per_project": 2,
            "inspector_pool": [u.pk for u in inspectors],
            "management_modes": ["professional"],
        },
    )
    draw = Draw.objects.get()
    assert response.status_code == 302 and draw.pool_filters == {"management_mode": ["professional"]}
    officer.post(f"/supervision/draws/{draw.pk}/execute/", {"confirm": "yes"})
    officer.post(f"/supervision/draws/{draw.pk}/execute/", {"confirm": "yes"})  # a second press draws nothing new
    draw.refresh_from_db()
    assert draw.status == "published" and draw.results.count() == 1
    assert "复核一致" in officer.post(f"/supervision/draws/{draw.pk}/verify/", follow=True).content.decode()
    officer.post(f"/supervision/draws/{draw.pk}/inspections/")
    inspection = Inspection.objects.get()
    lead_id, second_id = draw.results.get().inspectors
    lead = client_for(next(u for u in inspectors if u.pk == lead_id))
    item = StandardItem.objects.get(category__standard=standard, code="06.02")
    lead.post(
        f"/supervision/inspections/{inspection.pk}/deduct/",
        {"item": item.pk, "points": "3", "reason": "消防通道堆物", "rectify": "on"},
    )
    bad = lead.post(
        f"/supervision/inspections/{inspection.pk}/deduct/",
        {"item": item.pk, "points": "99", "reason": "x"},
        follow=True,
    )
    assert "不超过该项分值" in bad.content.decode()
    lead.post(f"/supervision/inspections/{inspection.pk}/submit/", {"confirm": "yes"})
    second = client_for(next(u for u in inspectors if u.pk == second_id))
    second.post(f"/supervision/inspections/{inspection.pk}/countersign/", {"confirm": "yes"})
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.COUNTERSIGNED and inspection.score == 997
    assert RectificationOrder.objects.get().status == OrderStatus.ISSUED


def test_enterprise_answers_an_order_and_the_officer_closes_it(tree, users, client_for):
    officer = client_for(users.district_a)
    officer.post(
        "/supervision/orders/new/",
        {"project": tree.project_a.pk, "source": "door_to_door", "issue": "敲门走访发现单元门禁损坏", "days": 5},
    )
    order = RectificationOrder.objects.get()
    enterprise = client_for(users.ent_a)
    enterprise.post(f"/supervision/orders/{order.pk}/answer/", {"text": "已更换门禁"})
    assert client_for(users.ent_b).post(f"/supervision/orders/{order.pk}/answer/", {"text": "x"}).status_code == 404
    officer = client_for(users.district_a)
    officer.post(f"/supervision/orders/{order.pk}/close/", {"note": "现场核验"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    export = officer.get("/supervision/orders/?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_enterprise_files_a_self_report_and_the_officer_returns_it(tree, users, standard, client_for):
    from inspections import selfreports

    selfreports.generate(2026, 3)
    report = SelfReport.objects.get(project=tree.project_a)
    form = {f"score_{code}": str(points) for code, points in selfreports._items(report).items()}
    client_for(users.ent_a).post(f"/supervision/reports/{report.pk}/submit/", {**form, "evidence": "见附件"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    response = client_for(users.street_a).post(f"/supervision/reports/{report.pk}/return/", {"note": ""}, follow=True)
    assert "退回修改必须写明理由" in response.content.decode()
    client_for(users.street_a).post(f"/supervision/reports/{report.pk}/return/", {"note": "缺少照片"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED


def test_summons_page(tree, users, client_for):
    client_for(users.district_a).post(
        "/supervision/summons/new/",
        {
            "enterprise": tree.ent_a.pk,
            "person": "王总",
            "held_on": "2026-11-20",
            "reason": "投诉集中",
            "outcome": "限期整改",
        },
    )
    assert "王总" in client_for(users.ent_a).get("/supervision/summons/").content.decode()
    assert "王总" not in client_for(users.ent_b).get("/supervision/summons/").content.decode()


def test_api_covers_the_inspection_work(tree, users, standard, client_for):
    from inspections import selfreports

    api = client_for(users.district_a)
    order = api.post(
        "/api/v1/rectification-orders/",
        {"project": tree.project_a.pk, "source": "door_to_door", "issue": "消防通道堆物", "working_days": 3},
    )
    assert order.status_code == 201, order.content
    oid = order.json()["id"]
    assert client_for(users.district_b).post(f"/api/v1/rectification-orders/{oid}/close/", {}).status_code == 404
    ent = client_for(users.ent_a)
    assert ent.post(f"/api/v1/rectification-orders/{oid}/answer/", {"text": "已清理"}).json()["status"] == "answered"
    api = client_for(users.district_a)
    assert api.post(f"/api/v1/rectification-orders/{oid}/close/", {}).json()["status"] == "closed"
    assert api.post(f"/api/v1/rectification-orders/{oid}/close/", {}).status_code == 409
    other = api.post(
        "/api/v1/rectification-orders/",
        {"project": tree.project_b.pk, "source": "other", "issue": "x", "working_days": 3},
    )
    assert other.status_code == 404
    selfreports.generate(2026, 3)
    rid = SelfReport.objects.get(project=tree.project_a).pk
    scores = {c: str(p) for c, p in selfreports._items(SelfReport.objects.get(pk=rid)).items()}
    ent = client_for(users.ent_a)
    submitted = ent.post(f"/api/v1/self-reports/{rid}/submit/", {"scores": scores}, content_type="application/json")
    assert submitted.json()["status"] == "submitted"
    assert (
        client_for(users.street_a).post(f"/api/v1/self-reports/{rid}/return/", {"note": "补充照片"}).json()["status"]
        == "returned"
    )
    assert client_for(users.city).get("/api/v1/standards/").json()["count"] == 1


def test_a_renamed_non_image_is_refused_as_evidence(tree, users, standard, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspections import rectification

    order = rectification.issue(project=tree.project_a, source="other", issue="门禁损坏", days=3, actor=users.city)
    fake = SimpleUploadedFile("fix.jpg", b"MZ\x90\x00 this is an executable", content_type="image/jpeg")
    response = client_for(users.ent_a).post(
        f"/supervision/orders/{order.pk}/answer/", {"text": "已修", "photos": [fake]}, follow=True
    )
    assert "不是有效的图片" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "issued"


def test_api_defines_draws_and_records_summons(tree, users, client_for):
    from inspections.models import Summons

    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a) for _ in range(2)]
    api = client_for(users.district_a)
    body = {
        "name": "接口抽查",
        "region": tree.a.code,
        "pool_filters": {"management_mode": ["professional"]},
        "project_count": 1,
        "inspectors_per_project": 2,
        "inspector_pool": [u.pk for u in inspectors],
    }
    created = api.post("/api/v1/draws/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    draw_id = created.json()["id"]
    assert api.post(f"/api/v1/draws/{draw_id}/execute/", {}).json()["status"] == "published"
    assert api.get(f"/api/v1/draws/{draw_id}/verify/").json() == {"consistent": True, "problems": []}
    bad = api.post(
        "/api/v1/draws/",
        {**body, "region": tree.b.code, "pool_filters": {"colour": ["red"]}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and {"region", "pool_filters"} <= set(bad.json())
    assert client_for(users.street_a).post("/api/v1/draws/", body, content_type="application/json").status_code == 403
    api = client_for(users.district_a)
    summons = api.post(
        "/api/v1/summons/",
        {"enterprise": tree.ent_a.pk, "person": "李经理", "held_on": "2026-11-25", "reason": "整改不力", "outcome": ""},
    )
    assert summons.status_code == 201 and Summons.objects.get().region == tree.a
    assert (
        api.post(
            "/api/v1/summons/", {"enterprise": tree.ent_b.pk, "person": "x", "held_on": "2026-11-25", "reason": "x"}
        ).status_code
        == 404
    )


def test_event_trails_read_as_words_not_codes(tree, users, client_for):
    from inspections import rectification

    order = rectification.issue(project=tree.project_a, source="other", issue="路灯不亮", days=3, actor=users.city)
    html = client_for(users.city).get(f"/supervision/orders/{order.pk}/").content.decode()
    assert "下发整改" in html and "· issued ·" not in html


@pytest.fixture
def submitted(tree, users, standard):
    """An inspection of project A with one deduction, submitted by its lead inspector."""
    from inspections import draws, workflow

    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a, last_name=f"检查员{i}") for i in range(2)]
    draw = Draw.objects.create(name="抽查", region=tree.a, project_count=1, created_by=users.district_a)
    draw.inspector_pool.set(inspectors)
    draws.execute(draw, actor=users.district_a)
    (inspection,) = workflow.create_for_draw(draw)
    lead_id, second_id = draw.results.get().inspectors
    inspection.lead, inspection.second = [next(u for u in inspectors if u.pk == pk) for pk in (lead_id, second_id)]
    item = StandardItem.objects.get(code="06.02")
    workflow.deduct(inspection, actor=inspection.lead, item=item, points="3", reason="消防通道堆物")
    workflow.submit(inspection, actor=inspection.lead)
    return inspection


def test_the_countersigner_sees_the_deductions_and_total_and_is_asked_to_confirm(submitted, client_for):
    page_url = f"/supervision/inspections/{submitted.pk}/"
    second = client_for(submitted.second)
    page = second.get(page_url).content.decode()
    summary, items = page.index('id="countersign"'), page.index("card-header")
    assert summary < items  # above the 144 items, not below them
    head = page[summary:items]
    assert "06.02" in head and "消防通道堆物" in head and "-3.0" in head and "997.0" in head and "需整改" in head
    assert 'data-bs-target="#countersign-modal"' in head and "退回修改" in head
    # Without the confirmation the step is asked again (the page without JS), and nothing changes.
    response = second.post(f"/supervision/inspections/{submitted.pk}/countersign/")
    assert response.status_code == 302 and response["Location"].endswith("?confirm=countersign#confirm-countersign")
    submitted.refresh_from_db()
    assert submitted.status == InspectionStatus.SUBMITTED
    confirm = second.get(page_url + "?confirm=countersign").content.decode()
    assert 'id="confirm-countersign"' in confirm and 'name="confirm" value="yes"' in confirm
    # The submitter is offered neither step, only the summary.
    own = client_for(submitted.lead).get(page_url).content.decode()
    assert 'id="countersign"' not in own and "扣分汇总" in own and "消防通道堆物" in own
    second = client_for(submitted.second)  # one test client: signed in again as the second inspector
    second.post(f"/supervision/inspections/{submitted.pk}/countersign/", {"confirm": "yes"})
    submitted.refresh_from_db()
    assert submitted.status == InspectionStatus.COUNTERSIGNED and submitted.countersigned_by == submitted.second


def test_the_countersigner_returns_it_and_the_lead_revises_and_resubmits(submitted, client_for):
    page_url = f"/supervision/inspections/{submitted.pk}/"
    second = client_for(submitted.second)
    refused = second.post(f"/supervision/inspections/{submitted.pk}/return/", {"reason": " "}, follow=True)
    assert "退回必须写明理由" in refused.content.decode()
    own = client_for(submitted.lead).post(f"/supervision/inspections/{submitted.pk}/return/", {"reason": "x"})
    assert own.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == InspectionStatus.SUBMITTED  # the submitter may not return their own
    second = client_for(submitted.second)
    second.post(f"/supervision/inspections/{submitted.pk}/return/", {"reason": "应扣 1 分"})
    submitted.refresh_from_db()
    assert submitted.status == InspectionStatus.RETURNED and submitted.return_reason == "应扣 1 分"
    lead = client_for(submitted.lead)
    page = lead.get(page_url).content.decode()
    assert "会签人退回修改" in page and "应扣 1 分" in page and "修改扣分" in page and "提交检查结果" in page
    assert "退回修改，待重新提交" in lead.get("/supervision/inspections/mine/").content.decode()
    item = StandardItem.objects.get(code="06.02")
    lead.post(f"/supervision/inspections/{submitted.pk}/edit/", {"item": item.pk, "points": "1", "reason": "已核减"})
    lead.post(f"/supervision/inspections/{submitted.pk}/submit/", {"confirm": "yes"})
    submitted.refresh_from_db()
    assert submitted.status == InspectionStatus.SUBMITTED and submitted.score == 999
    assert "退回修改" in client_for(submitted.second).get(page_url).content.decode()  # in the work record


def test_the_api_returns_and_countersigns(submitted, client_for):
    url = f"/api/v1/inspections/{submitted.pk}"
    assert client_for(submitted.lead).post(f"{url}/return/", {"reason": "x"}).status_code == 403
    assert client_for(submitted.second).post(f"{url}/return/", {}).status_code == 400
    body = client_for(submitted.second).post(f"{url}/return/", {"reason": "照片不清"}).json()
    assert (body["status"], body["return_reason"]) == ("returned", "照片不清")
    assert client_for(submitted.second).post(f"{url}/countersign/", {}).status_code == 409
    assert client_for(submitted.lead).post(f"{url}/submit/", {}).json()["status"] == "submitted"
    assert client_for(submitted.second).post(f"{url}/countersign/", {}).json()["status"] == "countersigned"


def test_the_self_report_form_starts_empty_and_keeps_what_was_typed_when_refused(tree, users, standard, client_for):
    from inspections import selfreports

    selfreports.generate(2026, 3)
    report = SelfReport.objects.get(project=tree.project_a)
    items = selfreports._items(report)
    clerk = client_for(users.ent_a)
    page = clerk.get(f"/supervision/reports/{report.pk}/").content.decode()
    boxes = re.findall(r'<input [^>]*name="score_[^"]+"[^>]*>', page)
    assert len(boxes) == len(items)
    assert all('value=""' in box and "required" in box for box in boxes)  # never pre-set to full marks
    assert "自评预填" not in page  # nothing earlier to start from
    typed = dict(list({f"score_{code}": str(points) for code, points in items.items()}.items())[:3])
    refused = clerk.post(f"/supervision/reports/{report.pk}/submit/", {**typed, "evidence": "台账"})
    html = refused.content.decode()
    assert refused.status_code == 200 and "以下检查项未自评" in html
    first_code, first_points = next(iter(items.items()))
    assert f'name="score_{first_code}" value="{first_points}"' in html and ">台账</textarea>" in html
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING


def test_the_next_quarter_may_start_from_the_last_answers_marked_as_such(tree, users, standard, client_for):
    from inspections import selfreports

    selfreports.generate(2026, 2)
    last = SelfReport.objects.get(project=tree.project_a)
    scores = {code: str(points) for code, points in selfreports._items(last).items()}
    shortfall = next(iter(scores))
    scores[shortfall] = "1"
    selfreports.submit(last, actor=users.ent_a, scores=scores, evidence="")
    selfreports.generate(2026, 3)
    report = SelfReport.objects.get(project=tree.project_a, quarter=3)
    clerk = client_for(users.ent_a)
    page = clerk.get(f"/supervision/reports/{report.pk}/").content.decode()
    assert "按 2026Q2 的自评预填" in page and f'name="score_{shortfall}" value=""' in page
    carried = clerk.get(f"/supervision/reports/{report.pk}/?from=previous").content.decode()
    assert "以下自评分取自 2026Q2 的自查自评" in carried
    boxes = {code: css for css, code in re.findall(r'<input class="([^"]*)" name="score_([^"]+)"', carried)}
    assert set(boxes) == set(scores) and all("bg-warning-subtle" in css for css in boxes.values())
    assert re.search(rf'name="score_{re.escape(shortfall)}" value="1"', carried)
