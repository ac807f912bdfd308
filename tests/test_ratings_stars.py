"""Star rating: the levels on hand-built scores, apply → review → publish, scoping, and the
downgrade for a later black list (once)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ratings import lists, stars
from ratings.choices import ListColor, ListStatus, ListSubject, RunStatus, StarStatus
from ratings.models import EnterpriseScore, ListEdition, ListEntry, Scheme, ScoringRun, StarRating

YEAR = 2025


def _year(tree, scores, *, red=(), black=(), status=RunStatus.PUBLISHED):
    """Four quarters of ``YEAR`` with enterprise A scored ``scores``; red/black: quarters listed."""
    scheme = Scheme.objects.order_by("version").first()
    runs = []
    for number, value in enumerate(scores, start=1):
        run = ScoringRun.objects.create(year=YEAR, quarter=number, scheme=scheme, status=RunStatus.DRAFT)
        EnterpriseScore.objects.create(
            run=run,
            enterprise=tree.ent_a,
            region_path=tree.a.path,
            projects=1,
            households=100,
            base_score=Decimal(value),
            score=Decimal(value),
        )
        ScoringRun.objects.filter(pk=run.pk).update(status=status)  # scored, then published: final
        run.refresh_from_db()
        for color, quarters in ((ListColor.RED, red), (ListColor.BLACK, black)):
            if number in quarters:
                _listed(run, tree, color)
        runs.append(run)
    return runs


def _listed(run, tree, color, *, published_at=None):
    edition = ListEdition.objects.create(
        run=run,
        region=tree.a,
        subject=ListSubject.ENTERPRISE,
        version=ListEdition.objects.filter(run=run, region=tree.a, subject=ListSubject.ENTERPRISE).count() + 1,
    )
    entry = ListEntry.objects.create(edition=edition, color=color, rank=1, enterprise=tree.ent_a, score=50)
    ListEdition.objects.filter(pk=edition.pk).update(  # drafted, then published: final
        status=ListStatus.PUBLISHED, published_at=published_at or timezone.make_aware(dt.datetime(YEAR, 12, 1))
    )
    return ListEntry.objects.get(pk=entry.pk)


@pytest.mark.parametrize(
    "mean,red,black,expected",
    [
        (96, 2, False, 5),
        (96, 1, False, 4),
        (96, 2, True, 3),
        (95, 3, False, 5),
        (91, 0, False, 4),
        (90, 0, True, 3),
        (80, 0, True, 3),
        (79.9, 0, False, 2),
        (70, 0, False, 2),
        (69.9, 0, False, 1),
        (None, 4, False, 1),
    ],
)
def test_levels_of_the_default_rule(mean, red, black, expected):
    assert stars.level_for(None if mean is None else Decimal(str(mean)), red, black) == expected


def test_evidence_from_four_published_quarters_with_two_red_ones(tree):
    _year(tree, [96, 94, 97, 95], red=(1, 3))
    found = stars.evidence(tree.ent_a, YEAR)
    assert found["mean"] == Decimal("95.5") and found["red_quarters"] == 2 and found["level"] == 5
    assert [score for _q, score in found["quarters"]] == [96, 94, 97, 95]


def test_one_red_quarter_or_a_black_list_keeps_five_stars_away(tree):
    _year(tree, [96, 96, 96, 96], red=(1,), black=(4,))
    assert stars.evidence(tree.ent_a, YEAR)["level"] == 3  # ≥ 90 but black-listed: neither 5 nor 4


def test_unpublished_quarters_do_not_count(tree):
    _year(tree, [99, 99, 99, 99], status=RunStatus.DRAFT)
    found = stars.evidence(tree.ent_a, YEAR)
    assert found["mean"] is None and found["level"] == 1


def test_apply_review_publish_grants_at_most_the_supported_level(tree, users, colleagues):
    _year(tree, [91, 92, 90, 93])
    rating = stars.apply(tree.ent_a, YEAR, 5, actor=users.ent_a)
    with pytest.raises(ValidationError):
        stars.apply(tree.ent_a, YEAR, 3, actor=users.ent_a)  # one open application a year
    with pytest.raises(PermissionDenied):
        stars.apply(tree.ent_a, YEAR, 5, actor=users.ent_b)
    with pytest.raises(PermissionDenied):
        stars.review(rating, actor=users.district_b, grant=True)
    rating = stars.review(rating, actor=users.district_a, grant=True)
    assert (rating.status, rating.granted, rating.stars) == (StarStatus.GRANTED, 4, 4)
    assert rating.reason == "" and rating.reason_text == "规则支持 4 星"  # the rule's, read in the reader's language
    with pytest.raises(ValidationError):
        stars.review(rating, actor=users.district_a, grant=True)
    assert stars.publish(rating, actor=colleagues.district_a).status == StarStatus.PUBLISHED
    assert list(stars.published_for(tree.ent_a)) == [rating]


def test_rejecting_needs_a_reason_and_allows_a_new_application(tree, users):
    rating = stars.apply(tree.ent_a, YEAR, 3, actor=users.ent_a)
    with pytest.raises(ValidationError):
        stars.review(rating, actor=users.district_a, grant=False)
    assert stars.review(rating, actor=users.district_a, grant=False, reason="材料不全").status == StarStatus.REJECTED
    assert stars.apply(tree.ent_a, YEAR, 2, actor=users.ent_a).status == StarStatus.APPLIED


def _published_star(tree, users):
    _year(tree, [91, 92, 90, 93])
    rating = stars.apply(tree.ent_a, YEAR, 4, actor=users.ent_a)
    stars.review(rating, actor=users.district_a, grant=True)
    return stars.publish(rating, actor=users.city)  # a second officer publishes


def test_a_later_black_list_lowers_the_star_once(tree, users):
    rating = _published_star(tree, users)
    earlier = _listed(
        ScoringRun.objects.get(year=YEAR, quarter=1),
        tree,
        ListColor.BLACK,
        published_at=rating.published_at - dt.timedelta(days=1),
    )
    assert earlier and stars.downgrade_for_black_lists(YEAR) == 0
    _listed(
        ScoringRun.objects.get(year=YEAR, quarter=4),
        tree,
        ListColor.BLACK,
        published_at=rating.published_at + dt.timedelta(days=1),
    )
    assert stars.downgrade_for_black_lists(YEAR) == 1
    assert stars.downgrade_for_black_lists(YEAR) == 0
    ListEdition.objects.filter(entries__color=ListColor.BLACK, run__quarter=4).update(status=ListStatus.SUPERSEDED)
    _listed(
        ScoringRun.objects.get(year=YEAR, quarter=4),
        tree,
        ListColor.BLACK,
        published_at=rating.published_at + dt.timedelta(days=2),
    )
    assert stars.downgrade_for_black_lists(YEAR) == 0  # the correction of the same list costs nothing more
    rating.refresh_from_db()
    assert (rating.granted, rating.stars) == (4, 3)
    assert "黑榜" in rating.downgrades.get().reason


def test_publishing_an_enterprise_black_list_downgrades(tree, users):
    rating = _published_star(tree, users)
    run = ScoringRun.objects.get(year=YEAR, quarter=4)
    edition = ListEdition.objects.create(
        run=run, region=tree.a, subject=ListSubject.ENTERPRISE, status=ListStatus.REVIEWED
    )
    ListEntry.objects.create(edition=edition, color=ListColor.BLACK, rank=1, enterprise=tree.ent_a, score=50)
    lists.publish(edition, actor=users.district_a)
    rating.refresh_from_db()
    assert rating.stars == 3


def test_pages_are_scoped_and_the_public_credit_page_shows_the_star(tree, users, client_for):
    rating = _published_star(tree, users)
    assert client_for(users.ent_a).get(f"/ratings/stars/{rating.pk}/").status_code == 200
    assert client_for(users.ent_b).get(f"/ratings/stars/{rating.pk}/").status_code == 404
    assert client_for(users.district_b).get(f"/ratings/stars/{rating.pk}/").status_code == 404
    assert tree.ent_a.name not in client_for(users.ent_b).get("/ratings/stars/").content.decode()
    assert "4★" in client_for(None).get(f"/credit/{tree.ent_a.uscc}/").content.decode()


def test_applying_and_reviewing_through_the_pages(tree, users, client_for):
    _year(tree, [81, 82, 80, 83])
    response = client_for(users.ent_a).post("/ratings/stars/", {"year": YEAR, "level": 4})
    rating = StarRating.objects.get(enterprise=tree.ent_a)
    assert response.status_code == 302 and rating.requested == 4
    assert client_for(users.ent_b).post(f"/ratings/stars/{rating.pk}/grant/").status_code == 404
    client_for(users.ent_a).post(f"/ratings/stars/{rating.pk}/grant/")
    assert StarRating.objects.get().status == StarStatus.APPLIED  # an enterprise cannot review itself
    client_for(users.district_a).post(f"/ratings/stars/{rating.pk}/grant/")
    assert StarRating.objects.get().stars == 3
