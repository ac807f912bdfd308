"""The demo data's ratings: the last full year's lists, star ratings and honours."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from projects.choices import RegionLevel
from projects.models import Region
from ratings import honours
from ratings.choices import CreditKind, HonourKind, HonourStatus, ListStatus, StarStatus
from ratings.models import CreditRecord, Honour, ListEdition, StarRating


@pytest.mark.django_db
def test_the_demo_has_published_stars_and_honours_within_the_quota(client):
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    year = timezone.localdate().year - 1
    assert ListEdition.objects.filter(run__year=year, status=ListStatus.PUBLISHED).values("run").distinct().count() == 4
    ratings = StarRating.objects.filter(year=year)
    published = ratings.filter(status=StarStatus.PUBLISHED)
    assert published.count() >= 3
    assert {StarStatus.APPLIED, StarStatus.GRANTED} <= set(ratings.values_list("status", flat=True))
    assert all(r.stars == r.granted <= r.requested for r in published)
    # The demo enterprise's login finds its published star on its public credit page.
    clerk = User.objects.get(username="enterprise")
    mine = published.get(enterprise=clerk.enterprise)
    page = client.get(f"/credit/{clerk.enterprise.uscc}/").content.decode()
    assert f"{mine.stars}★" in page
    city = Region.objects.get(level=RegionLevel.CITY)
    for row in honours.standings(year, city):
        assert row["selected"] <= row["quota"]
    selected = Honour.objects.filter(year=year, status=HonourStatus.SELECTED)
    assert selected.filter(kind=HonourKind.SERVICE_STAR).exists()
    assert CreditRecord.objects.filter(kind=CreditKind.HONOUR).count() == selected.count()
    refused = Honour.objects.filter(year=year, kind=HonourKind.MODEL_ENTERPRISE, status=HonourStatus.REJECTED)
    assert refused.exists() and "名额 0" in refused.first().reason  # 40 enterprises: no model enterprise
    assert Honour.objects.filter(year=year + 1, enterprise=clerk.enterprise, status=HonourStatus.NOMINATED).exists()
