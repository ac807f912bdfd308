"""Dashboards, the statistics API, the bulletin, the league table and open data: scoping per
role, content, Excel, and that a dashboard page reads no complaint row."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.models import Complaint
from core.errors import InvalidState
from dashboards import bulletins, opendata, rollup
from dashboards import statistics as stats
from dashboards.models import Bulletin, BulletinStatus, FundingEntry

from .factories import make_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tree, users):
    tree.project_a.households, tree.project_b.households = 400, 100
    tree.project_a.save(update_fields=["households"])
    tree.project_b.save(update_fields=["households"])
    for _ in range(3):
        make_complaint(tree.project_a, complainant_name="张三", complainant_phone="13912345678")
    make_complaint(tree.project_b, category_code="elevator", complainant_phone="13700001111")
    rollup.run()
    return tree


# --- region dashboard ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,region,expected",
    [
        ("city", None, 200),
        ("city", "b", 200),
        ("district_a", None, 200),
        ("district_a", "a1a", 200),
        ("district_a", "b", 404),
        ("district_a", "city", 404),
        ("street_a", None, 200),
        ("street_a", "a", 404),
        ("community_a", None, 200),
        ("admin", "b1a", 200),
        ("ent_a", None, 302),
        ("police", None, 302),
        ("anon", None, 302),
    ],
)
def test_region_dashboard_scoping(data, users, client_for, role, region, expected):
    user = None if role == "anon" else getattr(users, role)
    url = "/dashboards/" + (f"?region={getattr(data, region).code}" if region else "")
    response = client_for(user).get(url)
    assert response.status_code == expected
    if role == "ent_a":
        assert response["Location"].endswith("/dashboards/enterprise/")
    if role == "police":
        assert response["Location"].endswith("/dashboards/department/")


def test_region_dashboard_shows_the_rolled_up_figures_and_drills_down(data, users, client_for):
    response = client_for(users.city).get("/dashboards/")
    context = response.context
    assert context["counts"]["received"] == 4
    children = {c["region"].code: c["counts"]["received"] for c in context["children"]}
    assert children == {data.a.code: 3, data.b.code: 1}
    assert [w["project"] for w in context["worst_projects"]][:2] == [data.project_b, data.project_a]
    assert f"?region={data.a.code}" in response.content.decode()  # the drill-down link
    drilled = client_for(users.city).get(f"/dashboards/?region={data.a.code}")
    assert [r.code for r in drilled.context["breadcrumb"]] == [data.city.code, data.a.code]
    assert drilled.context["counts"]["received"] == 3


def test_dashboard_page_reads_no_complaint_row_and_few_queries(data, users, client_for):
    client = client_for(users.city)
    client.get("/dashboards/")  # warm the session, menu and reference caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/dashboards/?region={data.a.code}")
    assert response.status_code == 200
    table = Complaint._meta.db_table
    scanning = [q["sql"] for q in ctx.captured_queries if f'"{table}"' in q["sql"] or f" {table} " in q["sql"]]
    assert scanning == []
    assert len(ctx.captured_queries) <= 40, [q["sql"][:120] for q in ctx.captured_queries]


def test_dashboard_tables_export_to_excel_with_the_users_scope(data, users, client_for):
    response = client_for(users.city).get("/dashboards/?export=children")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("区域代码", "区域", "收到投诉")
    assert {(r[0], r[2]) for r in rows[1:]} == {(data.a.code, 3), (data.b.code, 1)}
    worst = client_for(users.district_a).get("/dashboards/?export=worst_projects")
    sheet = openpyxl.load_workbook(io.BytesIO(worst.content)).active
    names = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [data.project_a.name]  # district A's only; B's project is out of scope
    assert client_for(users.city).get("/dashboards/?export=nonsense").status_code == 404


def test_enterprise_dashboard_is_its_own(data, users, client_for):
    response = client_for(users.ent_b).get("/dashboards/enterprise/")
    assert response.status_code == 200
    assert response.context["totals"]["received"] == 1
    assert [r["project"] for r in response.context["projects"]] == [data.project_b]
    assert client_for(users.city).get("/dashboards/enterprise/").status_code == 403


def test_department_dashboard_is_the_departments(data, users, client_for):
    assert client_for(users.police).get("/dashboards/department/").status_code == 200
    assert client_for(users.city).get("/dashboards/department/").status_code == 403
    export = client_for(users.police).get("/dashboards/department/?export=categories")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_bad_month_falls_back_and_huge_region_is_not_found(data, users, client_for):
    client = client_for(users.city)
    assert client.get("/dashboards/?month=2026-13").status_code == 200
    assert client.get("/dashboards/?month=%00").status_code in (200, 400)
    assert client.get(f"/dashboards/?region={2**63}").status_code == 404


# --- statistics API --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,region,expected",
    [
        ("city", None, 200),
        ("city", "b", 200),
        ("district_a", "a", 200),
        ("district_a", "b", 404),
        ("street_a", "a1", 200),
        ("street_a", "a", 404),
        ("ent_a", None, 403),
        ("police", None, 403),
        ("anon", None, 401),
    ],
)
def test_statistics_api_scoping(data, users, client_for, role, region, expected):
    user = None if role == "anon" else getattr(users, role)
    url = "/api/v1/statistics/complaints/" + (f"?region={getattr(data, region).code}" if region else "")
    assert client_for(user).get(url).status_code == expected


def test_statistics_api_rows(data, users, client_for):
    month = f"{timezone.localdate():%Y-%m}"
    body = client_for(users.city).get(f"/api/v1/statistics/complaints/?month={month}&group_by=category").json()
    rows = {r["key"]: r for r in body["results"]}
    assert rows["cleaning"]["count"] == 3 and rows["elevator"]["count"] == 1
    for key in (
        "same_month_last_year",
        "yoy_change_pct",
        "previous_month",
        "mom_change_pct",
        "on_time_rate",
        "satisfaction_rate",
        "close_rate",
    ):
        assert key in rows["cleaning"]
    assert rows["cleaning"]["mom_change_pct"] is None  # no complaints last month: no base
    assert "on_time_rate" in body["definitions"]
    by_enterprise = client_for(users.city).get(f"/api/v1/statistics/complaints/?month={month}&group_by=enterprise")
    assert {r["name"]: r["count"] for r in by_enterprise.json()["results"]} == {"市中物业": 3, "槐荫物业": 1}


@pytest.mark.parametrize("query", ["month=2026-13", "month=abc", "month=99999-01", "group_by=phone", "group_by=%00x"])
def test_statistics_api_bad_input_is_400(data, users, client_for, query):
    response = client_for(users.city).get(f"/api/v1/statistics/complaints/?{query}")
    assert response.status_code == 400


# --- bulletin --------------------------------------------------------------------------------------


def _fixed_week(tree):
    """Three complaints in the week of Monday 2026-11-02 and one the week before."""
    monday = dt.date(2026, 11, 2)
    tz = timezone.get_default_timezone()
    for day, project in (
        (monday, tree.project_a),
        (monday + dt.timedelta(2), tree.project_a),
        (monday + dt.timedelta(6), tree.project_b),
        (monday - dt.timedelta(3), tree.project_a),
    ):
        c = make_complaint(project)
        Complaint.objects.filter(pk=c.pk).update(created=dt.datetime.combine(day, dt.time(10), tzinfo=tz))
    rollup.rebuild()
    return monday


def test_bulletin_for_a_fixed_week(tree, users):
    monday = _fixed_week(tree)
    bulletin = bulletins.generate(tree.city, monday + dt.timedelta(days=3), users.city)
    d = bulletin.data
    assert bulletin.week_start == monday and d["week_end"] == "2026-11-08"
    assert d["counts"]["received"] == 3 and d["previous_week"] == 1
    assert d["wow_change_pct"] == 200.0
    assert d["top_categories"] == [{"name": "环境卫生", "count": 3}] or d["top_categories"][0]["count"] == 3
    assert [t["count"] for t in d["trend"]][-2:] == [1, 3]
    district = bulletins.generate(tree.a, monday)
    assert district.data["counts"]["received"] == 2
    again = bulletins.generate(tree.city, monday)
    assert again.version == 2 and Bulletin.objects.get(pk=bulletin.pk).data == d  # the first is kept


def test_bulletin_word_document_and_chart(tree, users):
    from docx import Document
    from docx.shared import Mm

    bulletin = bulletins.generate(tree.city, _fixed_week(tree), users.city)
    png = bulletins.trend_png(bulletin)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    document = Document(io.BytesIO(bulletins.to_docx(bulletin)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "济南市物业投诉监管周报" in text and "本周共收到投诉 3 件" in text
    assert len(document.inline_shapes) == 1  # the trend chart
    # 公文 paper: A4 with the GB/T 9704 margins, the chart inside the text block.
    section = document.sections[0]
    page = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(v / Mm(1)) for v in (*page, *margins)] == [210, 297, 37, 35, 28, 26]
    assert document.inline_shapes[0].width <= section.page_width - section.left_margin - section.right_margin
    # The satisfaction rate the web page shows, and units on every figure of the tables.
    bulletin.data["figures"]["satisfaction_rate"] = 87.5
    document = Document(io.BytesIO(bulletins.to_docx(bulletin)))
    assert "满意率 87.5%" in "\n".join(p.text for p in document.paragraphs)
    headers = [cell.text for table in document.tables for cell in table.rows[0].cells]
    assert "投诉（件）" in headers and "每百户投诉（件/百户）" in headers


def test_the_bulletin_page_gives_its_figures_with_units(tree, users, client_for):
    bulletin = bulletins.generate(tree.city, _fixed_week(tree), users.city)
    worst = bulletin.data["worst_projects"][0]
    page = client_for(users.city).get(f"/dashboards/bulletins/{bulletin.pk}/").content.decode()
    assert f"{worst['count']} 件 · 每百户 {worst['per_100']} 件" in page
    assert f"{bulletin.data['top_categories'][0]['count']} 件" in page and "满意率 —。" in page


def test_weekly_job_drafts_each_jurisdiction_once(tree, users):
    made = bulletins.generate_weekly(today=dt.date(2026, 11, 9))
    assert {b.region for b in made} == {tree.city, tree.a, tree.b}
    assert all(b.week_start == dt.date(2026, 11, 2) and b.status == BulletinStatus.DRAFT for b in made)
    assert bulletins.generate_weekly(today=dt.date(2026, 11, 10)) == []


def test_bulletin_publish_once(tree, users, colleagues):
    bulletin = bulletins.generate(tree.city, dt.date(2026, 11, 2))
    bulletins.review(bulletin, colleagues.city)
    bulletins.publish(bulletin, users.city)
    with pytest.raises(InvalidState):
        bulletins.publish(bulletin, users.city)


@pytest.mark.parametrize(
    "role,which,expected",
    [
        ("city", "a", 200),
        ("district_a", "a", 200),
        ("district_a", "b", 404),
        ("district_a", "city", 200),
        ("street_a", "a", 200),
        ("street_a", "b", 404),
        ("ent_a", "a", 403),
        ("anon", "a", 302),
    ],
)
def test_bulletin_pages_scoping(tree, users, client_for, role, which, expected):
    bulletin = bulletins.generate(getattr(tree, which), dt.date(2026, 11, 2))
    user = None if role == "anon" else getattr(users, role)
    client = client_for(user)
    assert client.get(f"/dashboards/bulletins/{bulletin.pk}/").status_code == expected
    if expected == 200:
        docx = client.get(f"/dashboards/bulletins/{bulletin.pk}/bulletin.docx")
        assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")


def test_bulletin_generate_and_publish_pages(tree, users, colleagues, client_for):
    client = client_for(users.district_a)
    response = client.post("/dashboards/bulletins/generate/", {"region": tree.a.pk, "week": "2026-11-04"})
    bulletin = Bulletin.objects.get()
    assert response["Location"] == f"/dashboards/bulletins/{bulletin.pk}/"
    assert bulletin.week_start == dt.date(2026, 11, 2) and bulletin.created_by == users.district_a
    # Out of scope region, a future week and nonsense are refused without a bulletin.
    for bad in (
        {"region": tree.b.pk, "week": "2026-11-04"},
        {"region": tree.a.pk, "week": "2999-01-01"},
        {"region": "x", "week": "\x00"},
    ):
        assert client.post("/dashboards/bulletins/generate/", bad).status_code == 302
    assert Bulletin.objects.count() == 1
    assert client_for(users.street_a).post(f"/dashboards/bulletins/{bulletin.pk}/publish/").status_code == 403
    client_for(colleagues.district_a).post(f"/dashboards/bulletins/{bulletin.pk}/review/")
    client_for(users.city).post(f"/dashboards/bulletins/{bulletin.pk}/publish/", {"confirm": "yes"})
    assert Bulletin.objects.get().status == BulletinStatus.PUBLISHED


# --- league table ----------------------------------------------------------------------------------


def test_league_table_and_funding(data, users, client_for):
    year = timezone.localdate().year
    response = client_for(users.city).get(f"/dashboards/league/?year={year}")
    rows = {r["region"].code: r for r in response.context["table"]["rows"]}
    assert set(rows) == {data.a.code, data.b.code}
    assert rows[data.a.code]["values"]["coverage"] == 100  # its one project is professionally managed
    client_for(users.city).post("/dashboards/league/funding/", {"region": data.a.code, "year": year, "amount": "120.5"})
    assert FundingEntry.objects.get(region=data.a).amount == 120.5
    assert (
        client_for(users.district_a)
        .post("/dashboards/league/funding/", {"region": data.a.code, "year": year, "amount": "1"})
        .status_code
        == 403
    )
    for bad in ("-1", "1e99", "abc", "=1+1"):
        client_for(users.city).post("/dashboards/league/funding/", {"region": data.a.code, "year": year, "amount": bad})
    assert FundingEntry.objects.get(region=data.a).amount == 120.5
    export = client_for(users.city).get(f"/dashboards/league/?year={year}&export=league")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for(users.ent_a).get("/dashboards/league/").status_code == 403


# --- public statistics and open data ----------------------------------------------------------------


def test_public_statistics_page(data, client_for):
    response = client_for(None).get("/statistics/")
    assert response.status_code == 200
    assert "13912345678" not in response.content.decode()


def test_open_data_files_hold_no_personal_data(data, users, client_for):
    opendata.regenerate()
    client = client_for(None)
    page = client.get("/open-data/")
    assert page.status_code == 200
    for key in opendata.DATASETS:
        response = client.get(f"/open-data/{key}.csv")
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        assert "13912345678" not in text and "张三" not in text
        header = next(csv.reader(io.StringIO(text)))
        assert header == [name for name, _meaning in opendata.DATASETS[key].fields]
    monthly = list(
        csv.DictReader(io.StringIO(client.get("/open-data/complaints-monthly.csv").content.decode("utf-8-sig")))
    )
    assert sum(int(r["received"]) for r in monthly) == 4
    assert client.get("/open-data/nope.csv").status_code == 404


def test_open_data_files_are_named_by_the_local_day_the_page_shows(db, client_for):
    from dashboards.models import OpenDataset

    (row,) = opendata.regenerate(["complaints-monthly"])
    # 01:30 in Shanghai on 1 December is still 30 November in UTC.
    generated = timezone.make_aware(dt.datetime(2026, 12, 1, 1, 30))
    OpenDataset.objects.filter(pk=row.pk).update(generated_at=generated)
    client = client_for(None)
    assert "2026-12-01 01:30" in client.get("/open-data/").content.decode()
    response = client.get("/open-data/complaints-monthly.csv")
    assert response["Content-Disposition"] == 'attachment; filename="complaints-monthly-20261201.csv"'
    assert response["Last-Modified"] == "Mon, 30 Nov 2026 17:30:00 GMT"


def test_open_data_api(data, client_for):
    opendata.regenerate(["complaints-monthly"])
    client = client_for(None)
    catalogue = client.get("/api/v1/open-data/").json()
    assert {d["key"] for d in catalogue} == set(opendata.DATASETS)
    rows = client.get("/api/v1/open-data/complaints-monthly/?limit=1").json()
    assert rows["count"] >= 1 and len(rows["results"]) == 1
    assert client.get("/api/v1/open-data/complaints-monthly/?limit=0").status_code == 400
    assert client.get(f"/api/v1/open-data/complaints-monthly/?offset={2**63}").status_code == 400
    assert client.get("/api/v1/open-data/stars/").status_code == 404  # not generated yet


def test_statistics_month_helpers():
    assert stats.parse_month("2026-02") == dt.date(2026, 2, 1)
    assert stats.parse_month("2026-2-1") is None and stats.parse_month(None) is None
    assert stats.add_months(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
