"""The public red and black lists page: the latest quarter by default, filters by quarter,
jurisdiction, subject and colour; red before black, jurisdictions in their fixed order whatever
the scores, each list by rank. The home page's search has a button; the language menu names
each language in its own words."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from ratings.choices import ListColor, ListStatus, ListSubject, RunStatus
from ratings.models import ListEdition, ListEntry, Scheme, ScoringRun

from .factories import EnterpriseFactory

ENTERPRISE = ListSubject.ENTERPRISE


def _run(year, quarter):
    return ScoringRun.objects.create(
        year=year, quarter=quarter, scheme=Scheme.objects.first(), status=RunStatus.PUBLISHED
    )


def _edition(run, region, entries, status=ListStatus.PUBLISHED, subject=ENTERPRISE):
    """A list of ``entries`` ((enterprise, colour, score), ranked by score): drafted, then ``status``."""
    edition = ListEdition.objects.create(
        run=run,
        region=region,
        subject=subject,
        version=ListEdition.objects.filter(run=run, region=region, subject=subject).count() + 1,
    )
    for color in (ListColor.RED, ListColor.BLACK):
        mine = sorted((e for e in entries if e[1] == color), key=lambda e: -e[2])
        for rank, (enterprise, _color, score) in enumerate(mine, start=1):
            ListEntry.objects.create(edition=edition, color=color, rank=rank, enterprise=enterprise, score=score)
    ListEdition.objects.filter(pk=edition.pk).update(status=status, published_at=timezone.now())
    return edition


@pytest.fixture
def lists(tree):
    a = [EnterpriseFactory(region=tree.a, name=name) for name in ("甲物业", "乙物业", "丙物业")]
    b = EnterpriseFactory(region=tree.b, name="丁物业")
    q1, q2 = _run(2026, 1), _run(2026, 2)
    _edition(q1, tree.a, [(a[0], ListColor.RED, Decimal(99)), (a[2], ListColor.BLACK, Decimal(50))])
    # Q2: 甲 ranks above 乙 (whose name sorts first); 槐荫区's list has the best score.
    _edition(
        q2,
        tree.a,
        [(a[0], ListColor.RED, Decimal(97)), (a[1], ListColor.RED, Decimal(91)), (a[2], ListColor.BLACK, Decimal(40))],
    )
    _edition(q2, tree.b, [(b, ListColor.RED, Decimal(99))])
    _edition(q2, tree.city, [(a[1], ListColor.BLACK, Decimal(58))], status=ListStatus.DRAFT)
    return {"a": a, "b": b}


def _rows(html) -> list[tuple[str, str, str]]:
    """(colour, jurisdiction, name) of each row, in the page's order."""
    rows = []
    for card in re.findall(
        r'<section class="card[^"]*" data-edition="\d+" data-color="(\w+)">(.*?)</section>', html, re.S
    ):
        color, body = card
        region = re.search(r"<span>[^·]+· ([^·]+) ·", body).group(1).strip()
        for name in re.findall(r'<li class="list-group-item[^"]*">\s*<span>(?:<a [^>]*>)?([^<]+)', body):
            rows.append((color, region, name.strip()))
    return rows


def test_the_latest_quarter_in_a_stable_order(tree, lists, client):
    html = client.get("/lists/").content.decode()
    assert _rows(html) == [
        ("red", "市中区", "甲物业"),
        ("red", "市中区", "乙物业"),
        ("red", "槐荫区", "丁物业"),
        ("black", "市中区", "丙物业"),
    ]
    assert "2026 年第 2 季度" in html
    assert "58.0" not in html  # the city's draft


def test_filters_by_quarter_region_and_colour(tree, lists, client):
    html = client.get("/lists/", {"quarter": "2026Q1"}).content.decode()
    assert _rows(html) == [("red", "市中区", "甲物业"), ("black", "市中区", "丙物业")]
    html = client.get("/lists/", {"region": tree.b.code}).content.decode()
    assert _rows(html) == [("red", "槐荫区", "丁物业")]
    html = client.get("/lists/", {"color": "black", "quarter": ""}).content.decode()
    assert _rows(html) == [("black", "市中区", "丙物业"), ("black", "市中区", "丙物业")]  # Q2, then Q1
    assert 'value="2026Q1"' in html and 'value="2026Q2"' in html and f'value="{tree.city.code}"' not in html


def test_a_choice_that_is_not_one_is_ignored(tree, lists, client):
    response = client.get("/lists/", {"quarter": "2099Q9", "color": "green"})
    assert response.status_code == 200 and len(_rows(response.content.decode())) == 6  # every quarter, both colours


def test_a_corrected_list_shows_the_correction_and_names_both(tree, lists, client):
    q2 = ScoringRun.objects.get(year=2026, quarter=2)
    old = ListEdition.objects.get(run=q2, region=tree.b)
    ListEdition.objects.filter(pk=old.pk).update(status=ListStatus.SUPERSEDED)
    new = _edition(q2, tree.b, [(lists["b"], ListColor.BLACK, Decimal(55))])
    html = client.get("/lists/", {"region": tree.b.code}).content.decode()
    assert _rows(html) == [("black", "槐荫区", "丁物业")]
    assert f"/lists/{old.pk}/" in html and f"/lists/{new.pk}/" in html and "已更正" in html


def test_no_list_published_yet(client, db):
    assert "没有符合条件的上榜对象" in client.get("/lists/").content.decode()


def test_home_search_has_a_button(client, db):
    html = client.get("/").content.decode()
    form = re.search(r'<form action="/search/".*?</form>', html, re.S).group(0)
    assert 'type="submit"' in form and "查询" in form


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_languages_are_named_in_their_own_words(client, db, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = client.get("/").content.decode()
    menu = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    assert ">简体中文</option>" in menu and ">English</option>" in menu and "英语" not in menu
