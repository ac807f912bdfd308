"""Issue 22, attempts 1 and 3: decisions outside one's jurisdiction, tried through the pages.

An enterprise's jurisdiction is the region it is registered in — not "any region where it
manages a project" — and a bulletin's is the region it is for. Each attempt below was accepted
before ``core.permissions`` and must now change nothing."""

from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import bulletins
from dashboards.models import Bulletin, BulletinStatus
from ratings import jobs, objections, stars
from ratings.choices import CreditKind, ObjectionStatus, StarStatus
from ratings.models import CreditRecord, EnterpriseScore, Objection, StarRating

from .factories import ProjectFactory
from .test_ratings import Q2

YEAR = timezone.localdate().year - 1


@pytest.fixture
def ent_b_also_in_a(tree):
    """Enterprise B (registered in district B) also manages a project in district A: the old
    rule let district A's officers decide B's matters because of it."""
    return ProjectFactory(region=tree.a1a, enterprise=tree.ent_b, name="槐荫物业在市中区的项目")


def test_attempt_1_a_district_cannot_publish_the_citys_bulletin(tree, users, client_for):
    bulletin = bulletins.generate(tree.city, bulletins.last_week())
    response = client_for(users.district_a).post(f"/dashboards/bulletins/{bulletin.pk}/publish/")
    bulletin.refresh_from_db()
    assert bulletin.status == BulletinStatus.DRAFT and bulletin.published_by is None
    assert response.status_code == 403 and "辖区" in response.content.decode()  # with the reason
    assert not Bulletin.objects.filter(status=BulletinStatus.PUBLISHED).exists()


def test_attempt_3_a_district_cannot_uphold_another_districts_objection(tree, users, client_for, ent_b_also_in_a):
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    score = EnterpriseScore.objects.get(run=run, enterprise=tree.ent_b)
    objection = objections.file(score, actor=users.ent_b, reason="扣分有误")
    before = score.adjustment
    client = client_for(users.district_a)
    response = client.post(f"/ratings/objections/{objection.pk}/uphold/", {"reason": "成立", "adjustment": "50"})
    assert response.status_code in (302, 403, 404)
    objection.refresh_from_db()
    score.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING
    assert score.adjustment == before
    # District B, where the enterprise is registered, decides it.
    objections.uphold(objection, actor=users.district_b, reason="成立", adjustment=Decimal("1"))
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.UPHELD


def test_attempt_3_a_district_cannot_grant_a_star_of_an_enterprise_registered_elsewhere(
    tree, users, client_for, ent_b_also_in_a
):
    rating = stars.apply(tree.ent_b, YEAR, 3, actor=users.ent_b)
    response = client_for(users.district_a).post(f"/ratings/stars/{rating.pk}/grant/")
    assert response.status_code in (302, 403, 404)
    assert StarRating.objects.get(pk=rating.pk).status == StarStatus.APPLIED


def test_attempt_3_another_district_cannot_publish_a_star_the_city_granted(tree, users, client_for):
    rating = stars.apply(tree.ent_a, YEAR, 3, actor=users.ent_a)
    stars.review(rating, actor=users.city, grant=True)
    response = client_for(users.district_b).post(f"/ratings/stars/{rating.pk}/publish/")
    assert response.status_code in (302, 403, 404)
    assert StarRating.objects.get(pk=rating.pk).status == StarStatus.GRANTED


def test_attempt_3_a_district_cannot_penalise_another_districts_enterprise(tree, users, client_for, ent_b_also_in_a):
    day = timezone.localdate().replace(day=1)
    client_for(users.district_a).post(
        f"/ratings/credit/{tree.ent_b.pk}/",
        {"points": "-50", "occurred_on": day.isoformat(), "note": "处罚决定 1"},
    )
    assert not CreditRecord.objects.filter(enterprise=tree.ent_b, kind=CreditKind.PENALTY).exists()
    # Its own district's officer may.
    client_for(users.district_b).post(
        f"/ratings/credit/{tree.ent_b.pk}/", {"points": "-5", "occurred_on": day.isoformat(), "note": "处罚决定 2"}
    )
    assert CreditRecord.objects.filter(enterprise=tree.ent_b, kind=CreditKind.PENALTY).count() == 1
