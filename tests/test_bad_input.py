"""Inputs that used to end in a 500: NUL bytes, deep JSON, numbers and strings beyond their
columns, impossible dates (issue 10, items 3 and 4). Each is now a 400 (or 404) with a message."""

import json

import pytest

from accounts.choices import Role
from complaints.choices import Channel
from complaints.models import ApiClient, Complaint

from .factories import UserFactory, make_complaint

DEEP = "[" * 100_000


@pytest.fixture
def hotline(db):
    return ApiClient.issue("12345 热线", Channel.HOTLINE_12345)[1]


@pytest.fixture
def open311(db):
    return ApiClient.issue("开放平台", Channel.API)[1]


def _ticket(tree, **over):
    return {
        "ticket_no": "GD1",
        "project_code": tree.project_a.code,
        "category": "环境卫生",
        "content": "小区垃圾清运不及时，气味很大",
        "caller_phone": "13812345678",
        **over,
    }


def _push(client, key, body):
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(
        "/api/channel/tickets/", raw, content_type="application/json", HTTP_AUTHORIZATION=f"ApiKey {key}"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=a%00b",
        "/compound/a%00b/",
        "/directory/a%00b/",
        "/directory/?q=a%00b",
        "/complaint/projects/?q=a%00b",
        "/complaint/track/?code=a%00b",
        "/complaints/?q=a%00b",
        "/registry/projects/?q=%00",
        "/api/v1/complaints/?q=a%00b",
        "/api/v1/projects/?search=a%00b",
        "/api/channel/tickets/a%00b/",
        "/open311/v2/requests.json?api_key=%00",
    ],
)
def test_a_nul_byte_in_path_or_query_is_a_400(tree, users, client_for, url):
    response = client_for(users.city).get(url)
    assert response.status_code == 400
    assert "非法字符" in response.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/token/", "/api/v1/complaints/"])
def test_deeply_nested_json_is_a_400(tree, users, client_for, url):
    client = client_for(users.district_a if "complaints" in url else None)
    response = client.post(url, DEEP, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.json()["detail"]


def test_deeply_nested_json_to_an_action_is_a_400(tree, users, client_for):
    c = make_complaint(tree.project_a)
    response = client_for(users.district_a).post(
        f"/api/v1/complaints/{c.pk}/accept/", DEEP, content_type="application/json"
    )
    assert response.status_code == 400 and "嵌套" in response.json()["detail"]


def test_deeply_nested_json_to_the_channel_api_is_a_400(tree, hotline, client):
    response = _push(client, hotline, DEEP)
    assert response.status_code == 400 and "嵌套" in response.json()["errors"]["body"][0]
    response = _push(client, hotline, '{"ticket_no": "GD1", "content": ' + "[" * 40 + "]" * 40 + "}")
    assert response.status_code == 400


def test_channel_push_limits(tree, hotline, client):
    long_ticket = _push(client, hotline, _ticket(tree, ticket_no="G" * 65))
    assert long_ticket.status_code == 400 and "64" in long_ticket.json()["errors"]["ticket_no"][0]
    for huge in (2**63, 2**64, -1, "9" * 40):
        response = _push(client, hotline, _ticket(tree, project_code=None, project_id=huge))
        assert response.status_code == 400, huge
        assert "项目 ID" in json.dumps(response.json(), ensure_ascii=False)
    stripped = _push(client, hotline, _ticket(tree, ticket_no="GD\x01 2", caller_name="李\x02先生"))
    assert stripped.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.external_id == "GD 2" and complaint.complainant_name == "李先生"


def test_open311_limits(tree, client, open311):
    data = {"api_key": open311, "service_code": "elevator", "description": "电梯停运两天", "phone": "13811112222"}
    for huge in (2**63, "9" * 30):
        response = client.post("/open311/v2/requests.json", {**data, "attribute[project_id]": huge})
        assert response.status_code == 400 and "项目 ID" in response.json()[0]["description"]
    bad_date = client.get("/open311/v2/requests.json", {"api_key": open311, "start_date": "2026-02-30T00:00:00Z"})
    assert bad_date.status_code == 400 and "start_date" in bad_date.json()[0]["description"]
    assert client.get("/open311/v2/requests.xml", {"api_key": open311, "end_date": "yesterday"}).status_code == 400
    ids = client.get("/open311/v2/requests.json", {"api_key": open311, "service_request_id": f"{2**64},²,1"})
    assert ids.status_code == 200 and ids.json() == []
    assert client.get(f"/open311/v2/requests/{2**70}.json", {"api_key": open311}).status_code == 404


def test_rectification_deadline_is_bounded(tree, users, client_for):
    api = client_for(users.district_a)
    body = {"project": tree.project_a.pk, "source": "door_to_door", "issue": "消防通道堆物"}
    for days in (3094, 61, 0, 2**63):
        response = api.post("/api/v1/rectification-orders/", {**body, "working_days": days})
        assert response.status_code == 400, days
        assert "working_days" in response.json()
    from inspections import rectification

    with pytest.raises(Exception, match="工作日"):
        rectification.issue(project=tree.project_a, source="other", issue="门禁损坏", days=3094, actor=users.city)


@pytest.mark.parametrize(
    "pool_filters",
    [
        True,
        1,
        "x",
        [1],
        {"project_type": True},
        {"project_type": [[1]]},
        {"enterprise": ["a"]},
        {"enterprise": [2**64]},
        {"key_supervision": "yes"},
        {"management_mode": ["nope"]},
    ],
)
def test_draw_pool_filters_of_the_wrong_shape_are_a_400(tree, users, client_for, pool_filters):
    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a) for _ in range(2)]
    body = {
        "name": "接口抽查",
        "region": tree.a.code,
        "pool_filters": pool_filters,
        "project_count": 1,
        "inspectors_per_project": 2,
        "inspector_pool": [u.pk for u in inspectors],
    }
    response = client_for(users.district_a).post("/api/v1/draws/", body, content_type="application/json")
    assert response.status_code == 400 and "pool_filters" in response.json()


def test_a_form_encoded_push_is_refused_not_crashed(tree, client):
    """The channel API signs the raw body: posted form data must leave it readable."""
    import time

    api_client, key = ApiClient.issue("12345 热线", Channel.HOTLINE_12345)
    headers = {"HTTP_X_CLIENT_KEY": key, "HTTP_X_TIMESTAMP": str(int(time.time())), "HTTP_X_SIGNATURE": "00"}
    response = client.post("/api/channel/tickets/", {"ticket_no": "GD1", "content": "a\x00b"}, **headers)
    assert response.status_code == 401
    assert api_client.pk


def test_an_imported_ticket_number_over_64_characters_is_a_row_error(tree, users):
    from complaints.importing import import_hotline_orders
    from core.xlsx import ImportRejected

    from .test_hostile_text import _sheet

    row = ["G" * 65, None, "张先生", "13800001111", tree.project_a.code, "环境卫生", "垃圾清运不及时", "一般"]
    with pytest.raises(ImportRejected) as rejected:
        import_hotline_orders(_sheet([row]), user=users.district_a)
    assert "64" in rejected.value.errors[0].message
    assert not Complaint.objects.exists()


# Numbers that are not ASCII digits: “²” passes str.isdigit() and fails int(); “٣”, “５” and
# “１２” pass int(); 2^63 and 2^64 pass both and overflow a PostgreSQL bigint (issue 22, item 10).
UNICODE_NUMBERS = ["²", "²²²²", "٣", "５", "１２", str(2**63), str(2**64)]


def test_the_one_id_parser_takes_ascii_digits_within_a_bigint():
    from core.text import as_id, as_ids, as_int

    assert as_id("1") == 1 and as_id(" 42 ") == 42 and as_id(7) == 7 and as_id(str(2**63 - 1)) == 2**63 - 1
    for bad in [*UNICODE_NUMBERS, "0", "-1", "+1", "1_0", "1.0", "1e3", "", None, True, "9" * 40, 2**63, "a\x00b"]:
        assert as_id(bad) is None, bad
    assert as_ids(["1", "²", "٣", "2", str(2**63)]) == [1, 2]
    assert as_int("2026", 2000, 2100) == 2026 and as_int("1999", 2000, 2100) is None and as_int("0") == 0
    assert as_int("２０２６", 2000, 2100) is None


@pytest.mark.parametrize("value", UNICODE_NUMBERS)
def test_unicode_digits_in_queries_and_links_are_never_a_500(tree, users, client_for, value):
    rate = client_for(None).get(f"/complaint/rate/{value}-AAAAAAAAAAAAAAAAAAAA/")
    assert rate.status_code == 404 and "评价链接已失效" in rate.content.decode()
    signed_in = client_for(users.district_a)
    honours = signed_in.get("/ratings/honours/", {"year": value})
    assert honours.status_code == 200  # an implausible year shows this year's standings
    for param in ("level", "max_level", "min_level"):
        picked = signed_in.get("/pickers/region/", {param: value})
        assert picked.status_code == 400 and param in picked.json()["detail"], param


@pytest.mark.parametrize("value", UNICODE_NUMBERS)
def test_unicode_digits_as_posted_ids_are_a_404(tree, users, client_for, value):
    from ratings.choices import ListColor, ListStatus, ListSubject
    from ratings.models import ListEdition, ListEntry, Scheme, ScoringRun

    run = ScoringRun.objects.create(year=2025, quarter=4, scheme=Scheme.objects.first())
    edition = ListEdition.objects.create(
        run=run, region=tree.a, subject=ListSubject.ENTERPRISE, status=ListStatus.DRAFT
    )
    ListEntry.objects.create(edition=edition, color=ListColor.RED, rank=1, enterprise=tree.ent_a, score=95)
    assert client_for(None).get(f"/open311/v2/requests/{value}.json").status_code == 404
    removed = client_for(users.district_a).post(f"/ratings/lists/{edition.pk}/remove/", {"entry": value})
    assert removed.status_code == 404 and edition.entries.count() == 1
    street = client_for(users.street_a).post("/ratings/street/", {"project": value, "score": "88"})
    assert street.status_code == 404


@pytest.mark.parametrize("value", UNICODE_NUMBERS)
def test_unicode_digits_as_a_staff_accounts_region_are_a_form_error(tree, users, client_for, value):
    from accounts.models import User

    client = client_for(users.district_a)
    body = {
        "username": "newbie",
        "last_name": "新同事",
        "role": Role.STREET_OFFICER,
        "region": value,
        "password_mode": "generate",
    }
    created = client.post("/accounts/staff/new/", body)
    assert created.status_code == 200 and "有效的选项" in created.content.decode()
    assert not User.objects.filter(username="newbie").exists()
    edited = client.post(f"/accounts/staff/{users.street_a.pk}/", {**body, "last_name": "改名"})
    assert edited.status_code == 200 and "有效的选项" in edited.content.decode()
    users.street_a.refresh_from_db()
    assert users.street_a.last_name != "改名" and users.street_a.region == tree.a1


@pytest.mark.parametrize("value", UNICODE_NUMBERS)
def test_unicode_digits_in_months_years_and_offsets_are_refused(value):
    from rest_framework.exceptions import ValidationError

    from dashboards import league
    from dashboards import statistics as stats
    from dashboards.api import _bounded

    assert stats.parse_month(f"{value}-01") is None and stats.parse_month(f"2026-{value}") is None
    assert league.parse_year(value) == league.parse_year(None)
    with pytest.raises(ValidationError, match="整数"):
        _bounded(value, "offset", 0, 10**9, 0)


# Digits that are numbers to Python but not to the portal (issue 22, attempt 10): Django's and
# DRF's number and id fields read “٣”, “５” and “１２” through int() unless core.strict_numbers
# stops them; each must be an error, never silently the ASCII number.
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _disguised(number: int) -> list[str]:
    return [str(number).translate(FULL_WIDTH), str(number).translate(ARABIC_INDIC)]


@pytest.mark.parametrize("value", ["٣", "５", "１２３", "²", "１２.５"])
def test_number_and_id_fields_take_ascii_digits_only(tree, value):
    from django import forms
    from django.core.exceptions import ValidationError
    from rest_framework import serializers
    from rest_framework.exceptions import ValidationError as ApiValidationError

    from regions.models import Region

    for field in (
        forms.IntegerField(),
        forms.DecimalField(),
        forms.FloatField(),
        forms.ModelChoiceField(Region.objects.all()),
        forms.ModelMultipleChoiceField(Region.objects.all()),
    ):
        with pytest.raises(ValidationError):
            field.clean([value] if isinstance(field, forms.ModelMultipleChoiceField) else value)
    regions = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    decimal = serializers.DecimalField(max_digits=5, decimal_places=1)
    for api_field in (serializers.IntegerField(), decimal, serializers.FloatField(), regions):
        with pytest.raises(ApiValidationError):
            api_field.run_validation(value)
    assert forms.IntegerField().clean("12") == 12 and serializers.IntegerField().run_validation("12") == 12


def test_a_disguised_id_in_a_page_form_is_a_form_error(tree, users, client_for):
    client = client_for(users.district_a)
    for project in _disguised(tree.project_a.pk):
        body = {
            "project": project,
            "category": 1,
            "channel": "phone",
            "urgency": "normal",
            "description": "电梯停运两天了没人修",
            "complainant_name": "李",
            "complainant_phone": "13700001111",
        }
        response = client.post("/complaints/new/", body)
        assert response.status_code == 200, project
    assert not Complaint.objects.exists()


def test_a_disguised_id_in_an_api_filter_is_a_400(tree, users, client_for):
    make_complaint(tree.project_a)
    client = client_for(users.district_a)
    assert client.get("/api/v1/complaints/", {"project": tree.project_a.pk}).json()["count"] == 1
    for project in _disguised(tree.project_a.pk):
        assert client.get("/api/v1/complaints/", {"project": project}).status_code == 400, project


def test_a_disguised_year_in_a_list_filter_is_ignored_on_pages_and_a_400_in_the_api(tree, users, client_for):
    client = client_for(users.district_a)
    for year in _disguised(2026):
        assert client.get("/ratings/stars/", {"year": year}).status_code == 200
        assert client.get("/api/v1/star-ratings/", {"year": year}).status_code == 400
