"""Objections to a draft quarter: the five-working-day window, refusal after it and after
publication, publication blocked while any is pending, upholding with points, and scoping."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from core.photos import clean_images
from ratings import jobs, objections
from ratings.choices import ObjectionStatus, RunStatus
from ratings.models import EnterpriseScore, Objection, ProjectScore, ScoringRun

from .factories import close_objection_window
from .test_ratings import Q2


@pytest.fixture
def run(tree):
    return jobs.run_all(jobs.start(Q2, enqueue=False))


def _finished(run, when):
    ScoringRun.objects.filter(pk=run.pk).update(finished=when)
    run.refresh_from_db()
    return run


def _score(run, tree):
    return EnterpriseScore.objects.get(run=run, enterprise=tree.ent_a)


def _png():
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    return clean_images([SimpleUploadedFile("a.png", buf.getvalue())])


def test_the_window_is_five_working_days_over_the_weekend(run):
    friday = timezone.make_aware(dt.datetime(2026, 7, 3, 10, 0))
    end = objections.deadline(_finished(run, friday))
    assert timezone.localtime(end) == timezone.make_aware(dt.datetime(2026, 7, 10, 10, 0))


def test_an_enterprise_objects_to_its_own_draft_score_with_photos(run, tree, users):
    objection = objections.file(_score(run, tree), actor=users.ent_a, reason="检查扣分有误", images=_png())
    assert objection.status == ObjectionStatus.PENDING and objection.photos.count() == 1
    project = ProjectScore.objects.get(run=run, project=tree.project_a)
    assert objections.file(project, actor=users.ent_a, reason="满意度样本过少").project_id == tree.project_a.pk
    with pytest.raises(PermissionDenied):
        objections.file(_score(run, tree), actor=users.ent_b, reason="不是本企业")
    with pytest.raises(ValidationError):
        objections.file(_score(run, tree), actor=users.ent_a, reason="  ")
    with pytest.raises(ValidationError):
        objections.file(_score(run, tree), actor=users.ent_a, reason="长" * 2001)


def test_refused_after_the_window_and_after_publication(run, tree, users):
    _finished(run, timezone.now() - dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="5 个工作日"):
        objections.file(_score(run, tree), actor=users.ent_a, reason="晚了")
    _finished(run, timezone.now())
    jobs.publish(run)
    with pytest.raises(ValidationError):
        objections.file(_score(run, tree), actor=users.ent_a, reason="已公布")


def test_publication_waits_for_pending_objections(run, tree, users, colleagues):
    objection = objections.file(_score(run, tree), actor=users.ent_a, reason="检查扣分有误")
    close_objection_window(run)
    jobs.review(run, actor=colleagues.city)
    with pytest.raises(ValidationError, match="异议未处理"):
        jobs.publish(run, actor=users.city)
    with pytest.raises(ValidationError):
        objections.reject(objection, actor=users.district_a, reason="")
    with pytest.raises(PermissionDenied):
        objections.reject(objection, actor=users.district_b, reason="不是辖区")
    objections.reject(objection, actor=users.district_a, reason="扣分依据充分")
    assert jobs.publish(run, actor=users.city).status == RunStatus.PUBLISHED


def test_upholding_with_points_changes_the_enterprise_score_and_survives_recomputation(run, tree, users):
    before = _score(run, tree)
    objection = objections.file(before, actor=users.ent_a, reason="检查扣分有误")
    objections.uphold(objection, actor=users.district_a, reason="复核扣分有误", adjustment=Decimal("-1.5"))
    after = _score(run, tree)
    assert after.adjustment == before.adjustment - Decimal("1.5")
    assert after.score == after.base_score + after.adjustment
    assert after.adjustments[-1] == {"kind": "objection", "objection": objection.pk, "points": -1.5}
    with pytest.raises(ValidationError):
        objections.uphold(objection, actor=users.district_a, reason="再次", adjustment=Decimal(1))
    jobs.run_all(jobs.start(Q2, enqueue=False))
    assert _score(run, tree).score == after.score


def test_pages_are_scoped(run, tree, users, client_for):
    score = _score(run, tree)
    page = client_for(users.ent_a).get(f"/ratings/enterprise-scores/{score.pk}/").content.decode()
    assert "提出异议" in page
    officer_page = client_for(users.district_a).get(f"/ratings/enterprise-scores/{score.pk}/").content.decode()
    assert "提出异议" not in officer_page
    response = client_for(users.ent_a).post(f"/ratings/enterprise-scores/{score.pk}/objection/", {"reason": "有误"})
    assert response.status_code == 302 and Objection.objects.count() == 1
    objection = Objection.objects.get()
    assert (
        client_for(users.ent_b).post(f"/ratings/enterprise-scores/{score.pk}/objection/", {"reason": "x"}).status_code
        == 404
    )
    assert "有误" not in client_for(users.ent_b).get(f"/ratings/{run.pk}/objections/").content.decode()
    assert "有误" not in client_for(users.district_b).get(f"/ratings/{run.pk}/objections/").content.decode()
    assert "有误" in client_for(users.district_a).get(f"/ratings/{run.pk}/objections/").content.decode()
    assert (
        client_for(users.district_b).post(f"/ratings/objections/{objection.pk}/reject/", {"reason": "x"}).status_code
        == 404
    )
    decision = {"reason": "属实", "adjustment": "2"}
    client_for(users.district_a).post(f"/ratings/objections/{objection.pk}/uphold/", decision)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD and objection.adjustment == 2


def test_one_pending_objection_per_score(run, tree, users):
    """Attempt 8: 44 pending objections on one score. A second is refused with a message until
    the first is decided; a project score of the same enterprise has its own."""
    score = _score(run, tree)
    first = objections.file(score, actor=users.ent_a, reason="检查扣分有误")
    assert not objections.may_file(score, users.ent_a)
    with pytest.raises(ValidationError, match="尚在处理中"):
        objections.file(score, actor=users.ent_a, reason="再提一次")
    project = ProjectScore.objects.get(run=run, project=tree.project_a)
    objections.file(project, actor=users.ent_a, reason="满意度样本过少")
    with pytest.raises(ValidationError, match="尚在处理中"):
        objections.file(project, actor=users.ent_a, reason="再提一次")
    assert Objection.objects.filter(status=ObjectionStatus.PENDING).count() == 2
    objections.reject(first, actor=users.district_a, reason="扣分依据充分")
    assert objections.file(score, actor=users.ent_a, reason="补充新的证据").status == ObjectionStatus.PENDING


@pytest.mark.parametrize("with_project", [False, True])
def test_the_database_holds_one_pending_objection_per_score(run, tree, users, with_project):
    """Two filings racing past the check meet the partial unique constraint."""
    project = tree.project_a if with_project else None
    fields = {"run": run, "enterprise": tree.ent_a, "project": project, "filed_by": users.ent_a}
    Objection.objects.create(reason="一", **fields)
    Objection.objects.create(reason="已处理", status=ObjectionStatus.REJECTED, **fields)  # decided ones do not count
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.create(reason="二", **fields)


def test_the_page_says_why_a_second_objection_is_refused(run, tree, users, client_for):
    score = _score(run, tree)
    client = client_for(users.ent_a)
    client.post(f"/ratings/enterprise-scores/{score.pk}/objection/", {"reason": "有误"})
    assert 'name="reason"' not in client.get(f"/ratings/enterprise-scores/{score.pk}/").content.decode()
    response = client.post(f"/ratings/enterprise-scores/{score.pk}/objection/", {"reason": "再次"}, follow=True)
    assert "尚在处理中" in response.content.decode() and Objection.objects.count() == 1


def test_filing_outside_the_window_is_refused_on_the_page(run, tree, users, client_for):
    score = _score(close_objection_window(run), tree)
    client = client_for(users.ent_a)
    assert 'name="reason"' not in client.get(f"/ratings/enterprise-scores/{score.pk}/").content.decode()
    response = client.post(f"/ratings/enterprise-scores/{score.pk}/objection/", {"reason": "晚了"}, follow=True)
    assert "5 个工作日" in response.content.decode() and not Objection.objects.exists()


def test_publication_proceeds_after_the_window_once_every_objection_is_decided(run, tree, users, colleagues):
    objection = objections.file(_score(run, tree), actor=users.ent_a, reason="检查扣分有误")
    objections.reject(objection, actor=users.district_a, reason="扣分依据充分")
    jobs.review(run, actor=colleagues.city)
    with pytest.raises(ValidationError, match="届满后"):
        jobs.publish(run, actor=users.city)  # the window is still open: publishing would cut it short
    close_objection_window(run)
    assert objections.publication_refusal(run, actor=users.city) is None
    assert jobs.publish(run, actor=users.city).status == RunStatus.PUBLISHED


def test_the_objections_page_says_when_the_window_is_open_closed_or_the_quarter_published(run, users, client_for):
    url = f"/ratings/{run.pk}/objections/"
    page = client_for(users.district_a).get(url).content.decode()
    assert "前）对本企业得分提出异议" in page  # a draft within its window invites objections
    close_objection_window(run)
    closed = client_for(users.district_a).get(url).content.decode()
    assert "异议期已于" in closed and "截止" in closed and "前）对本企业得分提出异议" not in closed
    jobs.publish(run)  # by the system: the two-officer rule is tested elsewhere
    run.refresh_from_db()
    published = client_for(users.district_a).get(url).content.decode()
    when = timezone.localtime(run.published_at).strftime("%Y-%m-%d %H:%M")
    assert f"本季度考核结果已于 {when} 公布，异议期已结束" in published
    assert "前）对本企业得分提出异议" not in published and "异议期已于" not in published
