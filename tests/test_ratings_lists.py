"""Red and black lists: the rules, the lifecycle (published lists never change, corrections
supersede), key supervision, and the public pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints.models import Category, Complaint
from enterprises.models import Enterprise
from inspections.choices import OrderSource
from inspections.models import RectificationOrder, Summons
from ratings import jobs, lists
from ratings.choices import ListColor, ListStatus, ListSubject
from ratings.models import ProjectScore

from .factories import EnterpriseFactory, ProjectFactory, close_objection_window, make_complaint
from .test_ratings import IN_Q2, Q2


@pytest.fixture
def run(tree, users):
    """Q2 scored with ten more projects of enterprise A in district A, scores set by hand."""
    for i in range(10):
        ProjectFactory(region=tree.a1a, enterprise=EnterpriseFactory(region=tree.a), name=f"项目{i}")
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    scores = ProjectScore.objects.filter(run=run, region_path__startswith=tree.a.path).order_by("project_id")
    for score, value in zip(scores, [99, 97, 95, 91, 85, 80, 75, 70, 65, 55, 40], strict=True):
        ProjectScore.objects.filter(pk=score.pk).update(score=Decimal(value))
    jobs.aggregate_enterprises(run)
    return close_objection_window(run)


def _entries(edition, color):
    return list(edition.entries.filter(color=color).order_by("rank").values_list("score", flat=True))


def test_red_is_the_best_tenth_at_90_or_more_and_black_below_60(run, tree, users):
    edition = lists.generate(run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    assert _entries(edition, ListColor.RED) == [Decimal(99), Decimal(97)]  # ceil(10 % of 11) = 2
    assert _entries(edition, ListColor.BLACK) == [Decimal(40), Decimal(55)]
    assert "低于 60" in edition.entries.filter(color=ListColor.BLACK).first().reason_texts[0]


def test_a_safety_complaint_or_a_missed_order_keeps_a_project_off_the_red_list(run, tree, users):
    in_a = ProjectScore.objects.filter(run=run, region_path__startswith=tree.a.path).order_by("-score")
    best, second = in_a[0], in_a[1]
    c = make_complaint(best.project, category_code="fire")
    Complaint.objects.filter(pk=c.pk).update(created=IN_Q2, substantiated=True)
    RectificationOrder.objects.create(
        project=second.project,
        enterprise=second.enterprise,
        source=OrderSource.OTHER,
        issue="楼道堆物",
        working_days=3,
        due_at=IN_Q2,
        issued_by=users.district_a,
    )
    edition = lists.generate(run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    assert _entries(edition, ListColor.RED) == [Decimal(95), Decimal(91)]
    assert Category.objects.get(code="fire").name == "消防"  # a safety category of the default rules


def test_summons_and_long_overdue_orders_put_an_enterprise_on_the_black_list(run, tree, users):
    for day in (1, 20):
        Summons.objects.create(
            enterprise=tree.ent_a,
            person="经理",
            held_on=dt.date(2026, 5, day),
            reason="投诉多",
            created_by=users.district_a,
            region=tree.a,
        )
    edition = lists.generate(run, tree.a, ListSubject.ENTERPRISE, actor=users.district_a)
    black = edition.entries.get(color=ListColor.BLACK, enterprise=tree.ent_a)
    assert any("约谈 2 次" in r for r in black.reason_texts)


def test_lifecycle_published_lists_never_change_and_corrections_supersede(run, tree, users, colleagues):
    edition = lists.generate(run, tree.a, ListSubject.ENTERPRISE, actor=users.district_a)
    with pytest.raises(PermissionDenied):
        lists.review(edition, actor=users.district_b)
    edition = lists.review(edition, actor=colleagues.district_a)
    with pytest.raises(ValidationError):
        lists.publish(edition, actor=users.city)  # the quarter's scores are not published yet
    jobs.publish(jobs.review(run, actor=colleagues.city), actor=users.city)
    edition = lists.publish(edition, actor=users.city)
    with pytest.raises(ValidationError):
        lists.generate(run, tree.a, ListSubject.ENTERPRISE, actor=users.district_a)
    with pytest.raises(ValidationError):
        lists.remove_entry(edition.entries.first(), actor=users.district_a)
    with pytest.raises(ValidationError):
        lists.supersede(edition, reason=" ", actor=users.district_a)
    correction = lists.supersede(edition, reason="异议成立，剔除一家企业", actor=users.district_a)
    lists.remove_entry(correction.entries.first(), actor=users.district_a)
    lists.publish(lists.review(correction, actor=colleagues.district_a), actor=users.city)
    edition.refresh_from_db()
    assert edition.status == ListStatus.SUPERSEDED and edition.entries.count() == correction.entries.count() + 1


def test_black_listed_enterprises_are_put_under_key_supervision_and_released(run, tree, users, colleagues):
    manual = EnterpriseFactory(region=tree.a, key_supervision=True)  # an officer's own decision
    jobs.publish(jobs.review(run, actor=colleagues.city), actor=users.city)
    edition = lists.generate(run, tree.a, ListSubject.ENTERPRISE, actor=users.district_a)
    black = set(edition.entries.filter(color=ListColor.BLACK).values_list("enterprise_id", flat=True))
    assert black
    lists.publish(lists.review(edition, actor=colleagues.district_a), actor=users.city)
    listed = Enterprise.objects.filter(pk__in=black)
    assert all(e.key_supervision and "2026Q2 黑榜" in e.key_supervision_reason for e in listed)
    correction = lists.supersede(edition, reason="更正", actor=users.district_a)
    for entry in correction.entries.filter(color=ListColor.BLACK):
        lists.remove_entry(entry, actor=users.district_a)
    lists.publish(lists.review(correction, actor=colleagues.district_a), actor=users.city)
    assert not Enterprise.objects.filter(pk__in=black, key_supervision=True).exists()
    manual.refresh_from_db()
    assert manual.key_supervision  # never released by the lists


def test_public_pages_show_published_lists_only(run, tree, users, client, colleagues):
    edition = lists.generate(run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    assert client.get(f"/lists/{edition.pk}/").status_code == 404
    jobs.publish(jobs.review(run, actor=colleagues.city), actor=users.city)
    lists.publish(lists.review(edition, actor=colleagues.district_a), actor=users.city)
    page = client.get("/lists/").content.decode()
    assert "2026Q2" in page and tree.a.name in page
    detail = client.get(f"/lists/{edition.pk}/").content.decode()
    assert "红榜" in detail and "黑榜" in detail and "移出草稿" not in detail


def test_equal_scores_share_a_rank(run, tree, users):
    in_a = ProjectScore.objects.filter(run=run, region_path__startswith=tree.a.path)
    in_a.update(score=Decimal(95))
    edition = lists.generate(run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    assert list(edition.entries.filter(color=ListColor.RED).values_list("rank", flat=True)) == [1, 1]


def test_draft_lists_are_for_the_regions_officers_only(run, tree, users, client_for):
    """Issue 22, attempt 5: the police liaison (and an inspector, an enterprise) read no draft list,
    on the page or through the API; the district's officers do."""
    from accounts.choices import Role

    from .factories import UserFactory

    edition = lists.generate(run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    inspector = UserFactory(username="inspector_a", role=Role.INSPECTOR, region=tree.a)
    for outsider in (users.police, inspector, users.ent_a):
        client = client_for(outsider)
        assert client.get(f"/ratings/lists/{edition.pk}/").status_code == 404, outsider.username
        body = client.get("/api/v1/red-black-lists/?status=draft")
        assert body.status_code != 200 or body.json()["count"] == 0, outsider.username
    for officer in (users.district_a, users.city):
        assert client_for(officer).get(f"/ratings/lists/{edition.pk}/").status_code == 200
        assert client_for(officer).get("/api/v1/red-black-lists/?status=draft").json()["count"] == 1


def test_the_list_entries_filter_picks_a_jurisdiction_instead_of_a_typed_code(run, tree, users, colleagues, client_for):
    """A district officer reads the city's lists as well as its own: the picker offers both (and
    not a sibling district), and the filter keeps taking the region's code."""
    jobs.publish(jobs.review(run, actor=colleagues.city), actor=users.city)
    city = lists.generate(run, tree.city, ListSubject.PROJECT, actor=users.city)
    city = lists.publish(lists.review(city, actor=colleagues.city), actor=users.admin)
    district = lists.generate(run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    district = lists.publish(lists.review(district, actor=colleagues.district_a), actor=users.city)
    client = client_for(users.district_a)
    offered = client.get("/pickers/jurisdiction/").json()["results"]
    assert [r["code"] for r in offered] == [tree.city.code, tree.a.code]
    page = client.get(f"/ratings/list-entries/?region={tree.city.code}")
    html = page.content.decode()
    assert 'data-picker="/pickers/jurisdiction/"' in html and "辖区代码" not in html
    assert f'<option value="{tree.city.code}" selected>济南市 · {tree.city.code}</option>' in html
    assert {e.edition_id for e in page.context["object_list"]} == {city.pk}
    own = client.get(f"/ratings/list-entries/?region={tree.a.code}").context["object_list"]
    assert {e.edition_id for e in own} == {district.pk}
