"""A compound's and an enterprise's public pages show how the enterprise is rated: its published
star and year, its credit grade on the day with a link to the credit file, and the latest
published red/black lists above it (the compound's own place on the project lists too).
Drafts, unpublished stars and corrected lists stay out."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from ratings import credit
from ratings.choices import ListColor, ListStatus, ListSubject, RunStatus, StarStatus
from ratings.models import ListEdition, ListEntry, Scheme, ScoringRun, StarRating

from .factories import ProjectFactory


def _run(year, quarter):
    return ScoringRun.objects.create(
        year=year, quarter=quarter, scheme=Scheme.objects.first(), status=RunStatus.PUBLISHED
    )


def _edition(run, region, subject, entries, status=ListStatus.PUBLISHED):
    """A list of ``entries`` (enterprise, project or None, colour): drafted, then given ``status``."""
    edition = ListEdition.objects.create(
        run=run,
        region=region,
        subject=subject,
        version=ListEdition.objects.filter(run=run, region=region, subject=subject).count() + 1,
    )
    for rank, (enterprise, project, color) in enumerate(entries, start=1):
        ListEntry.objects.create(
            edition=edition, color=color, rank=rank, enterprise=enterprise, project=project, score=Decimal(95)
        )
    published = timezone.now() if status in (ListStatus.PUBLISHED, ListStatus.SUPERSEDED) else None
    ListEdition.objects.filter(pk=edition.pk).update(status=status, published_at=published)
    return edition


def _star(enterprise, year, stars, status, applicant):
    return StarRating.objects.create(
        enterprise=enterprise,
        year=year,
        requested=stars,
        granted=stars,
        stars=stars,
        status=status,
        applied_by=applicant,
    )


def _fact(html, name) -> str:
    """The value of one row of the rating panel (``data-fact``; its label left out), tags stripped."""
    match = re.search(rf'data-fact="{name}">\s*<span>[^<]*</span>(.*?)</li>', html, re.S)
    assert match, f"no {name} row"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.fixture
def rated(tree, users):
    q4 = _run(2025, 4)
    _edition(q4, tree.a, ListSubject.ENTERPRISE, [(tree.ent_a, None, ListColor.RED)])
    _edition(q4, tree.a, ListSubject.PROJECT, [(tree.ent_a, tree.project_a, ListColor.RED)])
    _star(tree.ent_a, 2025, 4, StarStatus.PUBLISHED, users.ent_a)
    credit.sync()  # the published red list: +5
    return q4


def test_compound_page_shows_star_credit_and_lists_with_their_periods(tree, rated, client):
    html = client.get(f"/compound/{tree.project_a.code}/").content.decode()
    assert "★★★★☆" in _fact(html, "star") and "2025 年度" in _fact(html, "star")
    score = credit.score_on(tree.ent_a.pk)
    assert score == Decimal(105)
    today = timezone.localdate().isoformat()
    assert f"{credit.grade(score)} 信用分 {score} 截至 {today}" in _fact(html, "credit")
    assert f"/credit/{tree.ent_a.uscc}/" in html
    assert "市中区 红榜" in _fact(html, "lists") and "2025 年第 4 季度" in _fact(html, "lists")
    assert "市中区 红榜" in _fact(html, "project-lists") and "2025 年第 4 季度" in _fact(html, "project-lists")


def test_enterprise_page_shows_the_same_standing(tree, rated, client):
    html = client.get(f"/directory/{tree.ent_a.uscc}/").content.decode()
    assert "★★★★☆" in _fact(html, "star")
    assert "市中区 红榜" in _fact(html, "lists")
    assert f'href="/credit/{tree.ent_a.uscc}/"' in html


def test_a_later_quarter_without_the_enterprise_says_not_listed(tree, rated, client):
    _edition(_run(2026, 1), tree.a, ListSubject.ENTERPRISE, [(tree.ent_b, None, ListColor.BLACK)])
    lists = _fact(client.get(f"/directory/{tree.ent_a.uscc}/").content.decode(), "lists")
    assert "未上榜" in lists and "2026 年第 1 季度" in lists and "红榜" not in lists


def test_another_districts_lists_do_not_count(tree, rated, client):
    # District B published a later quarter: enterprise A (district A) was not on its lists.
    _edition(_run(2026, 2), tree.b, ListSubject.ENTERPRISE, [(tree.ent_b, None, ListColor.RED)])
    lists = _fact(client.get(f"/directory/{tree.ent_a.uscc}/").content.decode(), "lists")
    assert "2025 年第 4 季度" in lists and "市中区 红榜" in lists


def test_only_published_values_are_shown(tree, users, client):
    q1 = _run(2026, 1)
    _edition(q1, tree.a, ListSubject.ENTERPRISE, [(tree.ent_a, None, ListColor.BLACK)], status=ListStatus.DRAFT)
    _edition(q1, tree.a, ListSubject.ENTERPRISE, [(tree.ent_a, None, ListColor.BLACK)], status=ListStatus.REVIEWED)
    _star(tree.ent_a, 2025, 5, StarStatus.GRANTED, users.ent_a)
    html = client.get(f"/compound/{tree.project_a.code}/").content.decode()
    assert "尚无公布的星级" in _fact(html, "star") and "★" not in _fact(html, "star")
    assert _fact(html, "lists") == "尚无公布的红黑榜"
    assert "A 信用分 100" in _fact(html, "credit")


def test_a_corrected_list_shows_the_correction(tree, client):
    q1 = _run(2026, 1)
    _edition(q1, tree.a, ListSubject.ENTERPRISE, [(tree.ent_a, None, ListColor.BLACK)], status=ListStatus.SUPERSEDED)
    _edition(q1, tree.a, ListSubject.ENTERPRISE, [(tree.ent_b, None, ListColor.BLACK)])
    lists = _fact(client.get(f"/directory/{tree.ent_a.uscc}/").content.decode(), "lists")
    assert "未上榜" in lists and "黑榜" not in lists


def test_the_city_list_counts_for_every_district(tree, client):
    _edition(_run(2026, 1), tree.city, ListSubject.ENTERPRISE, [(tree.ent_b, None, ListColor.BLACK)])
    lists = _fact(client.get(f"/directory/{tree.ent_b.uscc}/").content.decode(), "lists")
    assert "济南市 黑榜" in lists and "2026 年第 1 季度" in lists


def test_a_self_managed_compound_has_no_rating_panel(tree, client):
    project = ProjectFactory(region=tree.a1a, enterprise=None, name="自管小区")
    html = client.get(f"/compound/{project.code}/").content.decode()
    assert 'id="rating"' not in html


def test_the_panel_costs_a_few_queries(tree, rated, client, django_assert_max_num_queries):
    # 8 for the page and the rating panel; the owners' committee, votes and fund panels one each.
    with django_assert_max_num_queries(11):
        assert client.get(f"/compound/{tree.project_a.code}/").status_code == 200


def test_the_panel_reads_in_english(tree, rated, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/compound/{tree.project_a.code}/").content.decode()
    assert "Ratings and credit" in html and "Q4 2025" in _fact(html, "lists") and "Year 2025" in _fact(html, "star")
