"""Publication by two officers (issue 22, attempt 6): whoever drafted or reviewed a list, a
quarter's scores, a star, an honours selection or a bulletin cannot also publish it, whoever
drafted it cannot review it, unless ``PORTAL_ONE_OFFICER_PUBLICATION`` is on; and each publish
button leads to a confirmation page showing what becomes public, which publishes only when
the confirmation is ticked."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.publication import second_officer_refusal
from core.quarters import Quarter
from dashboards import bulletins
from dashboards.models import Bulletin, BulletinStatus
from ratings import honours, jobs, lists, objections, stars
from ratings.choices import HonourKind, HonourStatus, ListStatus, ListSubject, RunStatus, StarStatus
from ratings.models import EnterpriseScore, Honour, ListEdition, ScoringRun, StarRating

from .factories import EnterpriseFactory, close_objection_window

Q2 = Quarter(2026, 2)
WEEK = dt.date(2026, 11, 2)


@pytest.fixture
def one_officer_offices(settings):
    settings.PORTAL_ONE_OFFICER_PUBLICATION = True


# --- the rule ----------------------------------------------------------------------------------


def test_the_rule_skips_jobs_refuses_an_earlier_person_and_the_setting_lifts_it(users, colleagues, settings):
    assert second_officer_refusal(users.city, None) is None  # a job drafts nobody
    assert second_officer_refusal(users.city, colleagues.city.pk, None) is None
    assert "双人复核" in second_officer_refusal(users.city, colleagues.city, users.city.pk)
    settings.PORTAL_ONE_OFFICER_PUBLICATION = True
    assert second_officer_refusal(users.city, users.city, users.city) is None


# --- red and black lists -------------------------------------------------------------------------


@pytest.fixture
def published_run(tree):
    return jobs.publish(jobs.run_all(jobs.start(Q2, enqueue=False)))  # the system: no officer


def test_a_list_is_reviewed_and_published_by_officers_who_did_not_draft_it(published_run, tree, users, colleagues):
    edition = lists.generate(published_run, tree.a, ListSubject.ENTERPRISE, actor=users.district_a)
    assert edition.drafted_by == users.district_a
    with pytest.raises(PermissionDenied, match="双人复核"):
        lists.review(edition, actor=users.district_a)  # the drafter
    edition = lists.review(edition, actor=colleagues.district_a)
    assert edition.reviewed_at is not None
    for one_of_them in (users.district_a, colleagues.district_a):
        with pytest.raises(PermissionDenied, match="双人复核"):
            lists.publish(edition, actor=one_of_them)
    assert ListEdition.objects.get(pk=edition.pk).status == ListStatus.REVIEWED
    edition = lists.publish(edition, actor=users.city)
    assert (edition.status, edition.published_by) == (ListStatus.PUBLISHED, users.city)


def test_a_correction_is_drafted_by_whoever_started_it(published_run, tree, users, colleagues):
    edition = lists.generate(published_run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    lists.publish(lists.review(edition, actor=colleagues.district_a), actor=users.city)
    correction = lists.supersede(edition, reason="更正", actor=colleagues.district_a)
    assert correction.drafted_by == colleagues.district_a
    with pytest.raises(PermissionDenied):
        lists.review(correction, actor=colleagues.district_a)
    lists.review(correction, actor=users.district_a)
    with pytest.raises(PermissionDenied):
        lists.publish(correction, actor=colleagues.district_a)


def test_one_officer_may_publish_a_list_with_the_setting(published_run, tree, users, one_officer_offices):
    edition = lists.generate(published_run, tree.a, ListSubject.ENTERPRISE, actor=users.district_a)
    edition = lists.publish(lists.review(edition, actor=users.district_a), actor=users.district_a)
    assert edition.status == ListStatus.PUBLISHED


# --- a quarter's scores ----------------------------------------------------------------------------


@pytest.fixture
def computed(tree, users):
    return close_objection_window(jobs.run_all(jobs.start(Q2, actor=users.city, enqueue=False)))


def test_a_quarter_is_reviewed_then_published_by_a_third_officer(computed, users, colleagues):
    with pytest.raises(PermissionDenied, match="双人复核"):
        jobs.review(computed, actor=users.city)  # started it
    with pytest.raises(ValidationError, match="尚未审核"):
        jobs.publish(computed, actor=colleagues.city)
    run = jobs.review(computed, actor=colleagues.city)
    assert (run.reviewed_by, run.status) == (colleagues.city, RunStatus.DRAFT)
    for one_of_them in (users.city, colleagues.city):
        with pytest.raises(PermissionDenied, match="双人复核"):
            jobs.publish(run, actor=one_of_them)
    run = jobs.publish(run, actor=colleagues.city3)
    assert (run.status, run.published_by) == (RunStatus.PUBLISHED, colleagues.city3)


def test_a_quarter_the_job_started_needs_two_officers_and_recomputing_clears_the_review(tree, users, colleagues):
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    run = jobs.review(run, actor=colleagues.city)
    run = close_objection_window(jobs.run_all(jobs.start(Q2, enqueue=False)))  # computed again: not reviewed
    assert run.reviewed_by is None and run.reviewed_at is None
    with pytest.raises(ValidationError, match="尚未审核"):
        jobs.publish(run, actor=users.city)
    jobs.review(run, actor=colleagues.city)
    assert jobs.publish(run, actor=users.city).status == RunStatus.PUBLISHED


def test_one_officer_may_publish_a_quarter_with_the_setting(computed, users, one_officer_offices):
    assert jobs.publish(jobs.review(computed, actor=users.city), actor=users.city).status == RunStatus.PUBLISHED


# --- stars -----------------------------------------------------------------------------------------


def _granted(tree, users):
    rating = stars.apply(tree.ent_a, 2025, 1, actor=users.ent_a)
    return stars.review(rating, actor=users.district_a, grant=True)


def test_a_star_is_published_by_an_officer_other_than_its_reviewer(tree, users, colleagues):
    rating = _granted(tree, users)
    with pytest.raises(PermissionDenied, match="双人复核"):
        stars.publish(rating, actor=users.district_a)
    assert StarRating.objects.get(pk=rating.pk).status == StarStatus.GRANTED
    rating = stars.publish(rating, actor=colleagues.district_a)
    assert (rating.status, rating.published_by) == (StarStatus.PUBLISHED, colleagues.district_a)


def test_one_officer_may_publish_a_star_with_the_setting(tree, users, one_officer_offices):
    assert stars.publish(_granted(tree, users), actor=users.district_a).status == StarStatus.PUBLISHED


# --- honours -------------------------------------------------------------------------------------


@pytest.fixture
def pool(tree):
    for i in range(199):  # 200 enterprises in district A: one model enterprise may be selected
        EnterpriseFactory(region=tree.a, name=f"企业{i}")


def _nominated(tree, officer):
    return honours.nominate(
        kind=HonourKind.MODEL_ENTERPRISE,
        year=2025,
        region=tree.a,
        enterprise=tree.ent_a,
        merits="服务规范",
        actor=officer,
    )


def test_an_honour_is_reviewed_and_selected_by_officers_who_did_not_nominate_it(pool, tree, users, colleagues):
    honour = _nominated(tree, users.district_a)
    with pytest.raises(PermissionDenied, match="双人复核"):
        honours.review(honour, actor=users.district_a)
    honours.review(honour, actor=colleagues.district_a)
    for one_of_them in (users.district_a, colleagues.district_a):
        with pytest.raises(PermissionDenied, match="双人复核"):
            honours.select(honour, actor=one_of_them)
    assert Honour.objects.get(pk=honour.pk).status == HonourStatus.REVIEWED
    honour = honours.select(honour, actor=users.city)
    assert (honour.status, honour.decided_by) == (HonourStatus.SELECTED, users.city)


def test_one_officer_may_select_with_the_setting(pool, tree, users, one_officer_offices):
    honour = honours.review(_nominated(tree, users.district_a), actor=users.district_a)
    assert honours.select(honour, actor=users.district_a).status == HonourStatus.SELECTED


# --- bulletins -----------------------------------------------------------------------------------


def test_a_bulletin_is_reviewed_and_published_by_officers_who_did_not_generate_it(tree, users, colleagues):
    bulletin = bulletins.generate(tree.a, WEEK, users.district_a)
    with pytest.raises(PermissionDenied, match="双人复核"):
        bulletins.review(bulletin, users.district_a)
    with pytest.raises(ValidationError, match="尚未审核"):
        bulletins.publish(bulletin, users.city)
    bulletin = bulletins.review(bulletin, colleagues.district_a)
    assert bulletin.reviewed_by == colleagues.district_a and bulletin.reviewed_at is not None
    for one_of_them in (users.district_a, colleagues.district_a):
        with pytest.raises(PermissionDenied, match="双人复核"):
            bulletins.publish(bulletin, one_of_them)
    assert bulletins.publish(bulletin, users.city).published_by == users.city


def test_a_bulletin_beat_drafted_takes_two_officers(tree, users, colleagues):
    bulletin = bulletins.generate(tree.a, WEEK)  # beat: nobody
    bulletins.review(bulletin, colleagues.district_a)
    assert bulletins.publish(bulletin, users.district_a).status == BulletinStatus.PUBLISHED


def test_one_officer_may_publish_a_bulletin_with_the_setting(tree, users, one_officer_offices):
    bulletin = bulletins.generate(tree.a, WEEK, users.district_a)
    bulletins.review(bulletin, users.district_a)
    assert bulletins.publish(bulletin, users.district_a).status == BulletinStatus.PUBLISHED


# --- confirmation pages ----------------------------------------------------------------------------


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_list_confirmation_page_shows_the_entries_and_publishes_only_when_confirmed(
    published_run, tree, users, colleagues, client_for
):
    edition = lists.generate(published_run, tree.a, ListSubject.ENTERPRISE, actor=users.district_a)
    lists.review(edition, actor=colleagues.district_a)
    entry = edition.entries.select_related("enterprise").first()
    url = f"/ratings/lists/{edition.pk}/publish/"
    detail = _page(client_for(users.city), f"/ratings/lists/{edition.pk}/")
    assert f'href="{url}"' in detail  # the publish button leads to the confirmation page
    page = _page(client_for(users.city), url)
    assert entry.enterprise.name in page and f"<strong>{entry.rank}.</strong>" in page
    assert all(reason in page for reason in entry.reason_texts)
    assert "district_a" in page and "district_a2" in page  # who drafted and who reviewed
    assert 'name="confirm"' in page and "移出草稿" not in page
    assert ListEdition.objects.get(pk=edition.pk).status == ListStatus.REVIEWED  # a GET publishes nothing
    client_for(users.city).post(url)  # not confirmed
    assert ListEdition.objects.get(pk=edition.pk).status == ListStatus.REVIEWED
    # The reviewer sees why they may not, and no form; posting anyway publishes nothing.
    refused = _page(client_for(colleagues.district_a), url)
    assert "双人复核" in refused and 'name="confirm"' not in refused
    client_for(colleagues.district_a).post(url, {"confirm": "yes"})
    assert ListEdition.objects.get(pk=edition.pk).status == ListStatus.REVIEWED
    response = client_for(users.city).post(url, {"confirm": "yes"})
    assert response.status_code == 302 and ListEdition.objects.get(pk=edition.pk).status == ListStatus.PUBLISHED
    assert client_for(users.ent_a).get(url).status_code == 403


def test_the_quarter_confirmation_page_shows_counts_extremes_and_pending_objections(
    tree, users, colleagues, client_for
):
    computed = jobs.run_all(jobs.start(Q2, actor=users.city, enqueue=False))
    score = EnterpriseScore.objects.get(run=computed, enterprise=tree.ent_a)
    objection = objections.file(score, actor=users.ent_a, reason="检查扣分有误")
    close_objection_window(computed)
    client_for(colleagues.city).post(f"/ratings/{computed.pk}/review/")
    assert ScoringRun.objects.get(pk=computed.pk).reviewed_by == colleagues.city
    url = f"/ratings/{computed.pk}/publish/"
    assert f'href="{url}"' in _page(client_for(colleagues.city3), "/ratings/")
    page = _page(client_for(colleagues.city3), url)
    assert tree.ent_a.name in page and tree.ent_b.name in page
    figures = page.split('id="publication-figures"')[1].split("</div>\n</div>")[0]
    assert ">2</div>" in figures  # two project scores, two enterprise scores
    assert 'text-danger">1</div>' in figures  # one pending objection
    assert "异议未处理" in page and 'name="confirm"' not in page
    objections.reject(objection, actor=users.district_a, reason="扣分依据充分")
    page = _page(client_for(colleagues.city3), url)
    assert "city2" in page and "city (city)" in page  # who started, who reviewed
    client_for(colleagues.city3).post(url)
    assert ScoringRun.objects.get(pk=computed.pk).status == RunStatus.DRAFT
    client_for(colleagues.city3).post(url, {"confirm": "yes"})
    assert ScoringRun.objects.get(pk=computed.pk).status == RunStatus.PUBLISHED


def test_the_star_confirmation_page_shows_the_enterprise_and_level(tree, users, colleagues, client_for):
    rating = _granted(tree, users)
    url = f"/ratings/stars/{rating.pk}/publish/"
    assert f'href="{url}"' in _page(client_for(colleagues.district_a), f"/ratings/stars/{rating.pk}/")
    page = _page(client_for(colleagues.district_a), url)
    assert tree.ent_a.name in page and "1★" in page and "2025" in page and "district_a" in page
    assert StarRating.objects.get(pk=rating.pk).status == StarStatus.GRANTED
    client_for(colleagues.district_a).post(url, {"confirm": ""})
    assert StarRating.objects.get(pk=rating.pk).status == StarStatus.GRANTED
    client_for(colleagues.district_a).post(url, {"confirm": "yes"})
    assert StarRating.objects.get(pk=rating.pk).status == StarStatus.PUBLISHED


def test_the_honour_confirmation_page_shows_the_honour_and_nominee(pool, tree, users, colleagues, client_for):
    honour = honours.review(_nominated(tree, users.district_a), actor=colleagues.district_a)
    url = f"/ratings/honours/{honour.pk}/select/"
    assert f'href="{url}"' in _page(client_for(users.city), f"/ratings/honours/{honour.pk}/")
    page = _page(client_for(users.city), url)
    assert "标兵企业" in page and tree.ent_a.name in page and "服务规范" in page and "名额 1" in page
    assert "district_a2" in page
    client_for(users.city).post(url)
    assert Honour.objects.get(pk=honour.pk).status == HonourStatus.REVIEWED
    client_for(users.city).post(url, {"confirm": "yes"})
    assert Honour.objects.get(pk=honour.pk).status == HonourStatus.SELECTED


def test_the_bulletin_confirmation_page_shows_the_figures(tree, users, colleagues, client_for):
    bulletin = bulletins.generate(tree.a, WEEK)
    client_for(colleagues.district_a).post(f"/dashboards/bulletins/{bulletin.pk}/review/")
    assert Bulletin.objects.get(pk=bulletin.pk).reviewed_by == colleagues.district_a
    url = f"/dashboards/bulletins/{bulletin.pk}/publish/"
    assert f'href="{url}"' in _page(client_for(users.district_a), f"/dashboards/bulletins/{bulletin.pk}/")
    page = _page(client_for(users.district_a), url)
    received = bulletin.data["counts"]["received"]
    assert f"本周共收到投诉 {received} 件" in page and "系统（每周自动生成）" in page and "district_a2" in page
    client_for(users.district_a).post(url)
    assert Bulletin.objects.get(pk=bulletin.pk).status == BulletinStatus.DRAFT
    client_for(users.district_a).post(url, {"confirm": "yes"})
    assert Bulletin.objects.get(pk=bulletin.pk).status == BulletinStatus.PUBLISHED


def test_the_api_publishes_nothing(published_run, tree, users, client_for):
    """Publication goes through the confirmation pages: the API's lists, stars, honours and runs are
    read-only, so no request there publishes without the confirmation."""
    edition = lists.generate(published_run, tree.a, ListSubject.ENTERPRISE, actor=users.district_a)
    client = client_for(users.city)
    for url in (f"/api/v1/red-black-lists/{edition.pk}/", f"/api/v1/scoring-runs/{published_run.pk}/"):
        assert client.patch(url, {"status": "published"}, content_type="application/json").status_code == 405
    assert ListEdition.objects.get(pk=edition.pk).status == ListStatus.DRAFT


def test_an_upheld_objection_after_review_asks_for_a_new_review(tree, users, colleagues):
    from decimal import Decimal

    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    objection = objections.file(
        EnterpriseScore.objects.get(run=run, enterprise=tree.ent_a), actor=users.ent_a, reason="扣分有误"
    )
    jobs.review(run, actor=colleagues.city)
    objections.uphold(objection, actor=users.district_a, reason="成立", adjustment=Decimal("1"))
    run.refresh_from_db()
    assert run.reviewed_at is None and run.reviewed_by is None


def test_removing_an_entry_makes_the_editor_the_drafter(tree, users, colleagues):
    from decimal import Decimal

    from ratings import lists
    from ratings.choices import ListColor
    from ratings.models import ListEdition, ListEntry

    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    edition = lists.generate(run, tree.a, "enterprise", actor=users.district_a)
    entry = ListEntry.objects.create(
        edition=edition, color=ListColor.RED, rank=99, enterprise=tree.ent_a, score=Decimal("99.0"), reasons=["测试"]
    )
    lists.remove_entry(entry, actor=colleagues.district_a)
    assert not ListEntry.objects.filter(pk=entry.pk).exists()
    edition = ListEdition.objects.get(pk=edition.pk)
    assert edition.drafted_by_id == colleagues.district_a.pk
    with pytest.raises(PermissionDenied):
        lists.review(edition, actor=colleagues.district_a)
