"""Closing with an outcome, the resident's reopening within 15 days, the timeline read from event
kinds, English reference data, and Open311's public reads (issues 12 and 13)."""

import datetime as dt

import pytest
from django.utils import timezone

from complaints import sla, workflow
from complaints.choices import EventType, Outcome, Status
from complaints.models import ApiClient, Complaint
from notifications.models import Notification

from .factories import make_complaint


def answered(tree, users, **kwargs):
    c = make_complaint(tree.project_a, complainant_phone="13812345678", **kwargs)
    c = workflow.assign(workflow.accept(c, actor=users.district_a), actor=users.district_a, to=tree.ent_a)
    return workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已清运完毕")


def track(client, c):
    client.post("/complaint/track/", {"code": c.tracking_code, "phone_last4": c.complainant_phone[-4:]})
    return client.get(f"/complaint/track/{c.tracking_code}/").content.decode()


# --- outcome --------------------------------------------------------------------------------------
def test_the_outcome_of_closing_is_shown_on_the_tracking_page(tree, users, client, client_for):
    c = answered(tree, users)
    page = client_for(users.district_a).post(
        f"/complaints/{c.pk}/close/",
        {"outcome": "out_of_remit", "remit_body": "区市场监管局", "remit_contact": "0531-12345678"},
    )
    assert page.status_code == 302
    c.refresh_from_db()
    assert (c.status, c.outcome, c.remit_body) == (Status.CLOSED, Outcome.OUT_OF_REMIT, "区市场监管局")
    html = track(client, c)
    assert "不属于住建部门职责" in html and "区市场监管局" in html and "0531-12345678" in html


def test_not_substantiated_is_shown_and_marks_the_complaint(tree, users, client):
    c = workflow.close(answered(tree, users), actor=users.district_a, outcome=Outcome.NOT_SUBSTANTIATED)
    assert c.substantiated is False
    assert "经核查反映情况不属实" in track(client, c)


def test_outside_the_remit_requires_the_body_and_how_to_reach_it(tree, users, client_for):
    c = answered(tree, users)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.close(c, actor=users.district_a, outcome=Outcome.OUT_OF_REMIT, remit_body="区市场监管局")
    assert "联系方式" in " ".join(refused.value.messages)
    page = client_for(users.district_a).post(f"/complaints/{c.pk}/close/", {"outcome": "out_of_remit"}, follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and "请填写职责单位" in html and "。；" not in html
    c.refresh_from_db()
    assert c.status == Status.ANSWERED


# --- reopening within 15 days ---------------------------------------------------------------------
def test_the_resident_reopens_a_closed_complaint_within_15_days_and_the_enterprise_is_told(tree, users, client):
    c = workflow.close(answered(tree, users), actor=users.district_a)
    html = track(client, c)
    assert "申请重新办理" in html
    response = client.post(f"/complaint/track/{c.tracking_code}/reopen/", {"reason": "垃圾又堆起来了"}, follow=True)
    assert "已申请重新办理" in response.content.decode()
    c.refresh_from_db()
    assert c.status == Status.REOPENED and c.stage == "accept" and c.closed_at is None and c.outcome == ""
    assert Notification.objects.filter(recipient=users.ent_a, subject__contains="问题未解决").exists()
    assert Notification.objects.filter(recipient=users.district_a, subject__contains="问题未解决").exists()
    event = c.events.get(type=EventType.REOPENED)
    assert (event.from_status, event.to_status, event.public_note) == (Status.CLOSED, Status.REOPENED, "垃圾又堆起来了")


def test_an_auto_closed_complaint_can_be_reopened_until_day_15_and_not_after(tree, users):
    c = answered(tree, users)
    later = timezone.now() + dt.timedelta(days=8)
    assert sla.auto_close_without_feedback(7, now=later) == 1
    c.refresh_from_db()
    assert c.status == Status.CLOSED and c.closed_at == later
    assert workflow.can_reopen(c, now=later + dt.timedelta(days=15))
    assert not workflow.can_reopen(c, now=later + dt.timedelta(days=15, seconds=1))
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.reopen(c, reason="还是没修好", now=later + dt.timedelta(days=16))
    assert "超过 15 天" in refused.value.messages[0]
    c = workflow.reopen(c, reason="还是没修好", now=later + dt.timedelta(days=14))
    assert c.status == Status.REOPENED


def test_after_15_days_the_button_is_gone_and_a_post_is_refused(tree, users, client):
    c = workflow.close(answered(tree, users), actor=users.district_a)
    Complaint.objects.filter(pk=c.pk).update(closed_at=timezone.now() - dt.timedelta(days=15, minutes=1))
    assert "申请重新办理" not in track(client, c)
    response = client.post(f"/complaint/track/{c.tracking_code}/reopen/", {"reason": "没修好"}, follow=True)
    assert "办结已超过 15 天，不能再申请重新办理" in response.content.decode()
    c.refresh_from_db()
    assert c.status == Status.CLOSED


def test_a_reopen_needs_a_reason_and_an_open_complaint_cannot_be_reopened(tree, users, client):
    c = workflow.close(answered(tree, users), actor=users.district_a)
    track(client, c)
    html = client.post(f"/complaint/track/{c.tracking_code}/reopen/", {"reason": " "}, follow=True).content.decode()
    assert "请说明问题哪里没有解决" in html
    other = make_complaint(tree.project_a, complainant_phone="13812345678")
    track(client, other)
    assert client.post(f"/complaint/track/{other.tracking_code}/reopen/", {"reason": "x"}).status_code == 302
    other.refresh_from_db()
    assert other.status == Status.SUBMITTED


# --- the timeline ---------------------------------------------------------------------------------
def test_an_unsatisfied_rating_shows_the_reopening_once(tree, users, client_for):
    c = workflow.record_feedback(answered(tree, users), rating="unsatisfied", comment="没清干净")
    moves = [(e.type, e.from_status, e.to_status) for e in c.events.all() if e.from_status != e.to_status]
    assert [m for m in moves if m[2] == Status.REOPENED] == [(EventType.REOPENED, Status.ANSWERED, Status.REOPENED)]
    html = client_for(users.district_a).get(f"/complaints/{c.pk}/").content.decode()
    assert html.count("已答复 → 重新办理") == 1 and "评价：不满意" in html


def test_events_store_codes_and_read_in_the_readers_language(tree, users):
    from django.utils import translation

    c = workflow.assign(
        workflow.accept(make_complaint(tree.project_a), actor=users.city), actor=users.city, to=tree.ent_a
    )
    event = c.events.get(type=EventType.ASSIGNED)
    assert event.params == {"who": tree.ent_a.name} and event.public_note == ""
    assert event.text == f"已转交 {tree.ent_a.name} 办理。"
    with translation.override("en"):
        assert event.text == f"Passed to {tree.ent_a.name}."
        assert c.events.get(type=EventType.SUBMITTED).label == "Submitted"


# --- English ----------------------------------------------------------------------------------------
def test_english_pages_name_categories_channels_and_events_in_english(tree, users, client, client_for, settings):
    c = workflow.record_feedback(answered(tree, users), rating="satisfied")
    settings.LANGUAGE_CODE = "en"
    html = track(client, c)
    assert "Cleaning and sanitation" in html and "环境卫生" not in html
    assert "Rating: Satisfied" in html and "Resolved" in html
    staff = client_for(users.district_a).get(f"/complaints/{c.pk}/").content.decode()
    assert "Cleaning and sanitation" in staff and "Resident" in staff and "居民" not in staff
    listing = client_for(users.district_a).get("/complaints/").content.decode()
    assert "Cleaning and sanitation" in listing


def test_the_complaint_form_button_says_submit_in_english(client, settings, db):
    settings.LANGUAGE_CODE = "en"
    html = client.get("/complaint/new/").content.decode()
    assert "Submit complaint" in html and ">Submitted<" not in html


# --- Open311 public reads ---------------------------------------------------------------------------
@pytest.fixture
def api(db):
    return ApiClient.issue("开放平台", "api")


def test_open311_public_read_hides_personal_data_and_unconsented_descriptions(tree, client, api):
    api_client, _key = api
    private = make_complaint(
        tree.project_a, complainant_name="王女士", description="我家 3 号楼 2 单元 501 漏水", source_client=api_client
    )
    public = make_complaint(tree.project_a, description="小区电梯经常停运", publish_consent=True)
    rows = {r["service_request_id"]: r for r in client.get("/open311/v2/requests.json").json()}
    assert rows[str(private.pk)]["description"] is None
    assert rows[str(public.pk)]["description"] == "小区电梯经常停运"
    body = client.get("/open311/v2/requests.json").content.decode()
    for secret in ("王女士", "13812341234", "1234", "501", tree.project_a.address):
        assert secret not in body
    one = client.get(f"/open311/v2/requests/{private.pk}.json").json()[0]
    assert one["address"] == tree.project_a.name and one["service_code"] == "cleaning"
    assert one["status"] == "open" and one["expected_datetime"]


def test_open311_with_its_api_key_a_client_reads_its_own_requests_in_full(tree, client, api):
    api_client, key = api
    own = make_complaint(tree.project_a, description="我家 501 漏水", source_client=api_client)
    other = make_complaint(tree.project_a, description="别人的投诉")
    rows = {r["service_request_id"]: r for r in client.get("/open311/v2/requests.json", {"api_key": key}).json()}
    assert rows[str(own.pk)]["description"] == "我家 501 漏水"
    assert rows[str(own.pk)]["address"] == tree.project_a.address
    assert rows[str(other.pk)]["description"] is None
    assert client.get(f"/open311/v2/requests/{own.pk}.json", {"api_key": key}).json()[0]["description"]
    assert client.get("/open311/v2/requests.json", {"api_key": "wrong"}).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"status": "pending"},
        {"status": "open,unknown"},
        {"service_code": "nope"},
        {"start_date": "yesterday"},
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2025-12-01T00:00:00Z"},
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
        {"page": "0"},
        {"page": "x"},
        {"page_size": "5000"},
    ],
)
def test_open311_bad_filters_are_a_400(tree, client, params):
    response = client.get("/open311/v2/requests.json", params)
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_open311_lists_are_paged_and_filtered(tree, users, client):
    made = [make_complaint(tree.project_a) for _ in range(3)]
    elevator = make_complaint(tree.project_a, category_code="elevator")
    first = client.get("/open311/v2/requests.json", {"page_size": 2})
    assert len(first.json()) == 2 and 'rel="next"' in first["Link"]
    last = client.get("/open311/v2/requests.json", {"page_size": 2, "page": 2})
    assert len(last.json()) == 2 and "Link" not in last
    codes = client.get("/open311/v2/requests.json", {"service_code": "elevator,fire"}).json()
    assert [r["service_request_id"] for r in codes] == [str(elevator.pk)]
    workflow.close(answered(tree, users), actor=users.district_a)
    closed = client.get("/open311/v2/requests.json", {"status": "closed"}).json()
    assert len(closed) == 1 and closed[0]["status_notes"] == "问题已解决"
    assert len(client.get("/open311/v2/requests.json", {"status": "open,closed"}).json()) == len(made) + 2


def test_the_public_form_asks_for_consent_to_publish_and_defaults_to_no(tree, client):
    from .test_complaint_public import submit

    html = client.get("/complaint/new/").content.decode()
    assert 'name="publish_consent"' in html and 'type="checkbox"' in html
    submit(client, tree)
    submit(client, tree, complainant_phone="13900001111", publish_consent="on")
    assert list(Complaint.objects.order_by("pk").values_list("publish_consent", flat=True)) == [False, True]
