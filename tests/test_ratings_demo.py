"""The demo data's ratings: the last full year's lists, star ratings and honours; the last
closed quarter a draft in which objections and street evaluations can be tried."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from core.quarters import Quarter
from projects.models import Project
from ratings import honours
from ratings.choices import CreditKind, HonourKind, HonourStatus, ListStatus, RunStatus, StarStatus
from ratings.demo import last_full_year
from ratings.models import (
    CreditRecord,
    EnterpriseScore,
    Honour,
    ListEdition,
    Objection,
    ProjectScore,
    ScoringRun,
    StarRating,
    StreetEvaluation,
)
from regions.choices import RegionLevel
from regions.models import Region


@pytest.mark.django_db
def test_the_demo_has_published_stars_and_honours_within_the_quota(client):
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    year = last_full_year(list(ScoringRun.objects.filter(status=RunStatus.PUBLISHED).order_by("year", "quarter")))
    assert year == timezone.localdate().year - 1 or Quarter.last_closed().number == 4
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


@pytest.mark.django_db
def test_the_demo_leaves_the_last_closed_quarter_open_to_objections_and_street_evaluations(client):
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    last = Quarter.last_closed()
    runs = {str(run.period): run.status for run in ScoringRun.objects.all()}
    assert runs.pop(str(last)) == RunStatus.DRAFT and len(runs) == 7
    assert set(runs.values()) == {RunStatus.PUBLISHED}

    # The demo enterprise objects to its draft score and to one of its projects' on the pages.
    clerk = User.objects.get(username="enterprise")
    client.force_login(clerk)
    score = EnterpriseScore.objects.get(run__year=last.year, run__quarter=last.number, enterprise=clerk.enterprise)
    page = client.get(f"/ratings/enterprise-scores/{score.pk}/").content.decode()
    assert 'name="reason"' in page
    client.post(f"/ratings/enterprise-scores/{score.pk}/objection/", {"reason": "第三季度检查时楼道已清理，附照片。"})
    project_score = ProjectScore.objects.filter(run=score.run, enterprise=clerk.enterprise).first()
    client.post(f"/ratings/project-scores/{project_score.pk}/objection/", {"reason": "该项目投诉已核实不属实。"})
    assert Objection.objects.filter(run=score.run, enterprise=clerk.enterprise).count() == 2

    # The demo street officer evaluates a project of the street for that quarter.
    officer = User.objects.get(username="street")
    client.force_login(officer)
    page = client.get("/ratings/street/").content.decode()
    assert str(last) in page and 'name="score"' in page
    project = Project.objects.visible_to(officer).filter(enterprise__isnull=False).first()
    client.post("/ratings/street/", {"project": project.pk, "score": "92.5", "note": "环境整洁"})
    assert StreetEvaluation.objects.get(project=project, year=last.year, quarter=last.number).score == 92.5
