"""REST endpoints of red/black lists, star ratings, credit records and honours: scoped per role
(published lists to everybody signed in, an enterprise its own records, an officer the
jurisdiction's), filterable."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from ratings import credit, honours, stars
from ratings.choices import HonourKind, ListColor, ListStatus, ListSubject, RunStatus, StarStatus
from ratings.models import ListEdition, ListEntry, Scheme, ScoringRun

ENDPOINTS = ["/api/v1/red-black-lists/", "/api/v1/star-ratings/", "/api/v1/credit-records/", "/api/v1/honours/"]


def _edition(run, region, enterprise, color, status):
    # drafted with its entry, then published: a published list takes no more entries
    edition = ListEdition.objects.create(run=run, region=region, subject=ListSubject.ENTERPRISE)
    ListEntry.objects.create(
        edition=edition, color=color, rank=1, enterprise=enterprise, score=95, reasons=["得分 95.0"]
    )
    ListEdition.objects.filter(pk=edition.pk).update(
        status=status, published_at=timezone.now() if status == ListStatus.PUBLISHED else None
    )
    edition.refresh_from_db()
    return edition


@pytest.fixture
def rated(tree, users):
    return make_rated(tree, users)


def make_rated(tree, users):
    """District A's published list naming enterprise A, district B's draft naming B; a star, a
    credit record and an honour for each enterprise."""
    run = ScoringRun.objects.create(year=2025, quarter=4, scheme=Scheme.objects.first(), status=RunStatus.PUBLISHED)
    published = _edition(run, tree.a, tree.ent_a, ListColor.RED, ListStatus.PUBLISHED)
    draft = _edition(run, tree.b, tree.ent_b, ListColor.BLACK, ListStatus.DRAFT)
    star_a = stars.apply(tree.ent_a, 2025, 3, actor=users.ent_a)
    star_b = stars.apply(tree.ent_b, 2025, 4, actor=users.ent_b)
    credit.sync()  # enterprise A's red list: +5
    penalty_b = credit.record_penalty(
        tree.ent_b, points=-3, occurred_on=dt.date(2025, 5, 1), note="罚款 文号 1", actor=users.district_b
    )
    honour_a = honours.nominate(
        kind=HonourKind.SERVICE_STAR,
        year=2025,
        region=tree.a,
        enterprise=tree.ent_a,
        person="王师傅",
        merits="维修及时",
        actor=users.ent_a,
    )
    honour_b = honours.nominate(
        kind=HonourKind.MODEL_ENTERPRISE,
        year=2025,
        region=tree.b,
        enterprise=tree.ent_b,
        merits="服务规范",
        actor=users.district_b,
    )
    return SimpleNamespace(
        run=run,
        published=published,
        draft=draft,
        star_a=star_a,
        star_b=star_b,
        penalty_b=penalty_b,
        honour_a=honour_a,
        honour_b=honour_b,
    )


def _ids(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_callers_are_refused(url, rated, client):
    assert client.get(url).status_code == 401


def test_an_enterprise_sees_published_lists_and_only_its_own_records(rated, users, client_for, tree):
    clerk = client_for(users.ent_a)
    assert _ids(clerk, "/api/v1/red-black-lists/") == {rated.published.pk}
    assert clerk.get(f"/api/v1/red-black-lists/{rated.draft.pk}/").status_code == 404
    assert _ids(clerk, "/api/v1/star-ratings/") == {rated.star_a.pk}
    assert clerk.get(f"/api/v1/star-ratings/{rated.star_b.pk}/").status_code == 404
    records = clerk.get("/api/v1/credit-records/").json()["results"]
    assert {r["enterprise"] for r in records} == {tree.ent_a.pk} and records[0]["kind"] == "red_list"
    assert _ids(clerk, "/api/v1/honours/") == {rated.honour_a.pk}
    assert clerk.get(f"/api/v1/honours/{rated.honour_b.pk}/").status_code == 404
    # Enterprise B sees A's published list too, but none of A's records.
    other = client_for(users.ent_b)
    assert rated.published.pk in _ids(other, "/api/v1/red-black-lists/")
    assert _ids(other, "/api/v1/star-ratings/") == {rated.star_b.pk}
    assert _ids(other, "/api/v1/credit-records/") == {rated.penalty_b.pk}


def test_officers_see_their_jurisdiction_and_the_published_lists(rated, users, client_for):
    district_a = client_for(users.district_a)
    assert _ids(district_a, "/api/v1/red-black-lists/") == {rated.published.pk}  # B's draft is B's
    assert _ids(district_a, "/api/v1/star-ratings/") == {rated.star_a.pk}
    assert _ids(district_a, "/api/v1/honours/") == {rated.honour_a.pk}
    assert rated.penalty_b.pk not in _ids(district_a, "/api/v1/credit-records/")
    district_b = client_for(users.district_b)
    assert _ids(district_b, "/api/v1/red-black-lists/") == {rated.published.pk, rated.draft.pk}
    assert district_b.get(f"/api/v1/honours/{rated.honour_a.pk}/").status_code == 404
    city = client_for(users.city)
    assert _ids(city, "/api/v1/honours/") == {rated.honour_a.pk, rated.honour_b.pk}
    assert _ids(city, "/api/v1/star-ratings/") == {rated.star_a.pk, rated.star_b.pk}


def test_a_list_carries_its_entries_and_the_endpoints_filter(rated, users, client_for, tree):
    city = client_for(users.city)
    body = city.get(f"/api/v1/red-black-lists/{rated.published.pk}/").json()
    assert body["period"] == "2025Q4" and body["region_code"] == tree.a.code and body["status"] == "published"
    assert body["entries"] == [
        {
            "id": rated.published.entries.get().pk,
            "color": "red",
            "rank": 1,
            "enterprise": tree.ent_a.pk,
            "enterprise_name": "市中物业",
            "project": None,
            "project_name": None,
            "score": "95.0",
            "reasons": ["得分 95.0"],
        }
    ]
    assert _ids(city, "/api/v1/red-black-lists/", status="draft") == {rated.draft.pk}
    assert _ids(city, "/api/v1/red-black-lists/", region=tree.a.code, year=2025, quarter=4) == {rated.published.pk}
    assert _ids(city, "/api/v1/star-ratings/", enterprise=tree.ent_b.pk) == {rated.star_b.pk}
    assert _ids(city, "/api/v1/star-ratings/", status=StarStatus.PUBLISHED) == set()
    assert _ids(city, "/api/v1/credit-records/", kind="penalty") == {rated.penalty_b.pk}
    assert _ids(city, "/api/v1/credit-records/", kind="penalty", valid_on="2024-12-31") == set()
    assert _ids(city, "/api/v1/honours/", kind=HonourKind.SERVICE_STAR, region=tree.a.code) == {rated.honour_a.pk}
    assert city.get("/api/v1/honours/", {"status": "nonsense"}).status_code == 400
    star = city.get(f"/api/v1/star-ratings/{rated.star_a.pk}/").json()
    assert (star["requested"], star["status"], star["downgrades"]) == (3, "applied", [])


def test_the_schema_documents_the_new_endpoints(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]
    for url in ENDPOINTS:
        assert url in paths and f"{url}{{id}}/" in paths
