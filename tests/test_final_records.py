"""Published records are final (core/final.py): the database refuses changing or deleting them
(issue #22, attempt 4: a published scheme edited and a published quarter deleted through the
admin), the ORM refuses before it is asked, the admin shows them read-only; the later workflows
that do change them (a list superseded, a star lowered by a later black list) still work, drafts
stay editable, and a scheme's weights must total 100 % to be published."""

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory

from core.final import FinalRecordError, FinalRecordMiddleware, is_final_violation
from dashboards import bulletins
from dashboards.models import Bulletin, BulletinStatus
from ratings import jobs, lists, schemes, stars
from ratings.choices import HonourKind, HonourStatus, ListColor, ListStatus, ListSubject, RunStatus, StarStatus
from ratings.models import (
    EnterpriseScore,
    Honour,
    ListEdition,
    ListEntry,
    ProjectScore,
    ProjectScoreComponent,
    Scheme,
    ScoringRun,
    StarRating,
)

from .factories import EnterpriseFactory
from .test_ratings import Q2


@pytest.fixture
def published(tree, users, colleagues):
    """One published row of every final kind, with its children."""
    run = jobs.publish(jobs.run_all(jobs.start(Q2, enqueue=False)))
    edition = lists.generate(run, tree.a, ListSubject.ENTERPRISE, actor=users.district_a)
    if not edition.entries.exists():
        ListEntry.objects.create(edition=edition, color=ListColor.RED, rank=1, enterprise=tree.ent_a, score=95)
    edition = lists.publish(lists.review(edition, actor=colleagues.district_a), actor=users.city)
    rating = stars.apply(tree.ent_a, 2026, 3, actor=users.ent_a)
    rating = stars.publish(stars.review(rating, actor=users.district_a, grant=True), actor=colleagues.district_a)
    honour = Honour.objects.create(
        kind=HonourKind.MODEL_ENTERPRISE,
        year=2026,
        region=tree.a,
        enterprise=tree.ent_a,
        merits="服务规范",
        status=HonourStatus.SELECTED,
        nominated_by=users.district_a,
        decided_by=users.city,
    )
    bulletin = bulletins.review(bulletins.generate(tree.city, dt.date(2026, 11, 2), users.city), colleagues.city)
    bulletin = bulletins.publish(bulletin, colleagues.city3)
    score = ProjectScore.objects.filter(run=run).first()
    return SimpleNamespace(
        scheme=run.scheme,
        run=run,
        score=score,
        part=ProjectScoreComponent.objects.filter(score=score).first(),
        enterprise_score=EnterpriseScore.objects.filter(run=run).first(),
        edition=edition,
        entry=edition.entries.first(),
        rating=rating,
        honour=honour,
        bulletin=bulletin,
    )


# (attribute of the fixture, table, a change of a column no workflow changes after publication)
FINAL_ROWS = [
    ("scheme", "ratings_scheme", "name = name || '改'"),
    ("run", "ratings_scoringrun", "error = 'x'"),
    ("score", "ratings_projectscore", "score = score - 1"),
    ("part", "ratings_projectscorecomponent", "points = points - 1"),
    ("enterprise_score", "ratings_enterprisescore", "adjustment = adjustment + 50"),
    ("edition", "ratings_listedition", "reason = '改'"),
    ("entry", "ratings_listentry", "rank = rank + 1"),
    ("rating", "ratings_starrating", "granted = 5"),
    ("honour", "ratings_honour", "merits = '改'"),
    ("bulletin", "dashboards_bulletin", "data = '{}'"),
]


def _sql(statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.parametrize("name,table,change", FINAL_ROWS, ids=[row[0] for row in FINAL_ROWS])
def test_the_database_refuses_update_and_delete_of_a_final_row(published, name, table, change):
    row = getattr(published, name)
    with pytest.raises(IntegrityError, match="已定稿") as refused:
        _sql(f"UPDATE {table} SET {change} WHERE id = %s", [row.pk])
    assert is_final_violation(refused.value) and table in str(refused.value)
    with pytest.raises(IntegrityError, match="已定稿"):
        _sql(f"DELETE FROM {table} WHERE id = %s", [row.pk])
    assert type(row).objects.filter(pk=row.pk).exists()


def test_no_rows_are_added_under_a_published_run_or_list(published, tree):
    with pytest.raises(IntegrityError, match="ratings_scoringrun"):
        _sql(
            "INSERT INTO ratings_enterprisescore (run_id, enterprise_id, region_path, projects, households,"
            " base_score, adjustment, score, adjustments) VALUES (%s, %s, '', 1, 1, 50, 0, 50, '[]')",
            [published.run.pk, EnterpriseFactory(region=tree.a).pk],
        )
    with pytest.raises(IntegrityError, match="ratings_listedition"):
        _sql(
            "INSERT INTO ratings_listentry (edition_id, color, rank, enterprise_id, score, reasons)"
            " VALUES (%s, 'black', 9, %s, 10, '[]')",
            [published.edition.pk, tree.ent_b.pk],
        )
    with pytest.raises(FinalRecordError, match="项目季度得分已公布"):
        ProjectScoreComponent.objects.create(
            score=published.score, key="street", value=1, weight=1, effective_weight=1, points=1
        )


def test_the_orm_refuses_save_and_delete_of_a_final_row(published):
    for name, *_rest in FINAL_ROWS:
        row = getattr(published, name)
        with pytest.raises(FinalRecordError):
            row.save()
        with pytest.raises(FinalRecordError):
            row.delete()
    # the refusal is a state error: pages show its message, the API answers 409
    with pytest.raises(ValidationError, match="考核方案已公布或定稿"):
        published.scheme.delete()


def test_the_superseding_and_downgrading_workflows_still_work(published, tree, users, colleagues):
    # a correction supersedes the published list: published → superseded is the one move allowed
    correction = lists.supersede(published.edition, reason="分数更正", actor=users.district_a)
    correction = lists.publish(lists.review(correction, actor=colleagues.district_a), actor=users.city)
    published.edition.refresh_from_db()
    assert (published.edition.status, correction.status) == (ListStatus.SUPERSEDED, ListStatus.PUBLISHED)
    with pytest.raises(IntegrityError):  # and never back
        _sql("UPDATE ratings_listedition SET status = 'published' WHERE id = %s", [published.edition.pk])
    with pytest.raises(IntegrityError):
        _sql("UPDATE ratings_listedition SET status = 'draft' WHERE id = %s", [correction.pk])
    # a black list published after the star lowers it: the star's current level may change
    rating = published.rating
    before = rating.stars
    StarRating.objects.filter(pk=rating.pk).update(stars=5)  # room to lower it
    entry = ListEntry.objects.create(
        edition=ListEdition.objects.create(run=published.run, region=tree.b, subject=ListSubject.ENTERPRISE),
        color=ListColor.BLACK,
        rank=1,
        enterprise=tree.ent_a,
        score=40,
    )
    later = rating.published_at + dt.timedelta(days=1)
    ListEdition.objects.filter(pk=entry.edition_id).update(status=ListStatus.PUBLISHED, published_at=later)
    assert stars.downgrade_for_black_lists(2026) == 1
    rating.refresh_from_db()
    assert (rating.stars, rating.status) == (4, StarStatus.PUBLISHED) and before is not None
    rating.stars = 3
    rating.save(update_fields=["stars"])  # the ORM allows the same column
    with pytest.raises(IntegrityError):
        _sql("UPDATE ratings_starrating SET stars = 2, reason = 'x' WHERE id = %s", [rating.pk])


def test_drafts_stay_editable_and_deletable(tree, users):
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    assert run.status == RunStatus.DRAFT
    ProjectScore.objects.filter(run=run).update(score=Decimal("50.0"))
    EnterpriseScore.objects.filter(run=run).update(adjustment=1)
    draft = schemes.new_version(schemes.ensure_default(), actor=users.city)
    draft.name = "草稿"
    draft.save()
    edition = lists.generate(run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    edition.entries.all().delete()
    bulletin = bulletins.generate(tree.city, dt.date(2026, 11, 2), users.city)
    bulletin.delete()
    edition.delete()
    run.delete()  # a draft quarter with its scores and lines
    assert not ProjectScore.objects.filter(run_id=run.pk).exists()
    assert not Bulletin.objects.filter(status=BulletinStatus.DRAFT).exists()


# --- attempt 4: through the admin --------------------------------------------------------------
def test_attempt_4_a_published_scheme_cannot_be_edited_in_the_admin(published, users, client_for):
    scheme = published.scheme
    params = {**scheme.params, "weights": {**scheme.params["weights"], "complaints": 26}}
    c = client_for(users.admin)
    url = f"/admin/ratings/scheme/{scheme.pk}/change/"
    page = c.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only
    answer = c.post(
        url,
        {
            "name": scheme.name,
            "version": scheme.version,
            "effective_year": 2000,
            "effective_quarter": 1,
            "params": json.dumps(params),
        },
    )
    assert answer.status_code == 403
    scheme.refresh_from_db()
    assert scheme.params["weights"]["complaints"] == 25 and scheme.weights_total() == 100


def test_attempt_4_a_published_quarter_cannot_be_deleted_in_the_admin(published, users, client_for):
    run, scores = published.run, ProjectScore.objects.filter(run=published.run).count()
    c = client_for(users.admin)
    assert c.post(f"/admin/ratings/scoringrun/{run.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = c.get("/admin/ratings/scoringrun/").content.decode()
    assert "delete_selected" not in changelist  # no bulk delete past the per-row check
    assert ScoringRun.objects.filter(pk=run.pk).exists()
    assert ProjectScore.objects.filter(run=run).count() == scores > 0


def test_a_draft_scheme_stays_editable_in_the_admin(users, client_for):
    draft = schemes.new_version(schemes.ensure_default(), actor=users.city)
    page = client_for(users.admin).get(f"/admin/ratings/scheme/{draft.pk}/change/").content.decode()
    assert 'name="_save"' in page


# --- weights ------------------------------------------------------------------------------------
def test_a_scheme_is_published_only_with_weights_totalling_100(users):
    default = schemes.ensure_default()
    assert default.weights_total() == 100 and sum(schemes.DEFAULT_PARAMS["weights"].values()) == 100
    assert all(s.weights_total() == 100 for s in Scheme.objects.filter(status="published"))
    draft = schemes.new_version(default, actor=users.city)
    draft.params["weights"]["complaints"] = 26
    draft.save()
    with pytest.raises(ValidationError, match="合计须为 100%，现为 101%"):
        schemes.publish(draft, actor=users.city)
    draft.refresh_from_db()
    assert draft.status == "draft"
    draft.status = "published"
    with pytest.raises(ValidationError, match="101%"):
        draft.full_clean()  # the admin's form validates the model the same way
    draft.params["weights"]["complaints"] = 25
    draft.status = "draft"
    draft.save()
    assert schemes.publish(draft, actor=users.city).status == "published"


def test_a_refusal_by_the_database_reaching_a_view_answers_409(published):
    try:
        _sql("DELETE FROM ratings_scoringrun WHERE id = %s", [published.run.pk])
    except IntegrityError as error:
        refused = error
    middleware = FinalRecordMiddleware(lambda request: None)
    api = middleware.process_exception(RequestFactory().post("/api/v1/x/"), refused)
    assert api.status_code == 409 and "已定稿" in json.loads(api.content)["detail"]
    request = RequestFactory().post("/ratings/x/")
    request.user = AnonymousUser()
    page = middleware.process_exception(request, refused).render()
    assert page.status_code == 409 and "已定稿" in page.content.decode()
    assert middleware.process_exception(request, IntegrityError("other")) is None
