"""Rules an auditor checks (issue 21 §4): the black list's "overdue by more than 30 days", the
adjustments for honours and administrative penalties, one credit record per enterprise, quarter
and colour, and ties at the red list's cut. Each figure is checked against a reference computed
in plain Python from the hand-built rows."""

import datetime as dt
import importlib
from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from complaints.models import Complaint
from inspections.choices import OrderSource
from inspections.models import RectificationOrder, Summons
from ratings import credit, jobs, lists
from ratings.choices import (
    CreditKind,
    HonourKind,
    HonourStatus,
    ListColor,
    ListStatus,
    ListSubject,
    RunStatus,
    SchemeStatus,
)
from ratings.models import (
    CreditRecord,
    EnterpriseScore,
    Honour,
    ListEdition,
    ListEntry,
    ProjectScore,
    Scheme,
    ScoringRun,
)

from .factories import make_complaint
from .test_ratings import IN_Q2, Q2
from .test_ratings_lists import run  # noqa: F401 (fixture)


def _at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 17, 0))


def _order(score, users, due, closed=None):
    return RectificationOrder.objects.create(
        project=score.project,
        enterprise=score.enterprise,
        source=OrderSource.OTHER,
        issue="楼道堆物",
        working_days=3,
        due_at=due,
        closed_at=closed,
        issued_by=users.district_a,
    )


def _overdue_by(order, end) -> dt.timedelta:
    """The reference: (closed, or the quarter's end if still open then) − due."""
    until = order.closed_at if order.closed_at is not None and order.closed_at < end else end
    return until - order.due_at


def test_black_list_counts_the_days_an_order_was_actually_overdue(run, tree, users):  # noqa: F811
    ranked = list(ProjectScore.objects.filter(run=run, region_path__startswith=tree.a.path).order_by("-score"))
    orders = [
        _order(ranked[0], users, _at(2026, 4, 10), _at(2026, 4, 12)),  # closed 2 days late, long ago
        _order(ranked[1], users, _at(2026, 5, 1)),  # still open at the quarter's end: 61 days
        _order(ranked[2], users, _at(2026, 6, 20)),  # still open: 11 days
        _order(ranked[3], users, _at(2026, 4, 1), _at(2026, 5, 5)),  # closed 34 days late
        _order(ranked[4], users, _at(2026, 3, 20), _at(2026, 4, 15)),  # due last quarter, 26 days late
        _order(ranked[5], users, _at(2026, 5, 20), _at(2026, 7, 20)),  # closed after the quarter: 42 days by its end
    ]
    _start, end = Q2.bounds()
    expected = {o.project_id for o in orders if _overdue_by(o, end) > dt.timedelta(days=30)}
    assert len(expected) == 3  # the reference itself: orders 2, 4 and 6

    edition = lists.generate(run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    black = edition.entries.filter(color=ListColor.BLACK)
    overdue = {e.project_id for e in black if any("整改逾期超过 30 天" in r for r in e.reason_texts)}
    assert overdue == expected
    assert ranked[0].score >= Decimal(90) and not black.filter(project_id=ranked[0].project_id).exists()


# --- ties at the red list's cut --------------------------------------------------------------
def _in_a(scoring_run, tree):
    return list(
        ProjectScore.objects.filter(run=scoring_run, region_path__startswith=tree.a.path).order_by("project_id")
    )


def _reference_red(scores: list[Decimal], share=0.1, cap=10, floor=Decimal(90)) -> list[Decimal]:
    """All tied at the cut in while the cap allows (the scores only: no tie-break needed)."""
    ranked = sorted(scores, reverse=True)
    quota = min(cap, -(-len(ranked) * int(share * 10) // 10))
    eligible = [s for s in ranked if s >= floor]
    if len(eligible) <= quota:
        return eligible
    with_ties = [s for s in eligible if s >= eligible[quota - 1]]
    assert len(with_ties) <= cap
    return with_ties


def test_all_subjects_tied_at_the_cut_are_listed_while_the_cap_allows(run, tree, users, client):  # noqa: F811
    rows = _in_a(run, tree)
    for row in rows[1:6]:
        ProjectScore.objects.filter(pk=row.pk).update(score=Decimal("94.5"))
    scores = list(
        ProjectScore.objects.filter(run=run, region_path__startswith=tree.a.path).values_list("score", flat=True)
    )
    expected = _reference_red(scores)
    assert expected == [Decimal(99)] + [Decimal("94.5")] * 5
    edition = lists.generate(run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    red = list(edition.entries.filter(color=ListColor.RED).order_by("rank", "pk"))
    assert [e.score for e in red] == expected
    assert [e.rank for e in red] == [1, 2, 2, 2, 2, 2]
    assert all("同分者均入榜" in e.reason_texts[0] for e in red[1:])
    client.force_login(users.district_a)
    page = client.get(f"/ratings/lists/{edition.pk}/").content.decode()
    assert "同分规则" in page and "有效投诉件数少" in page


def test_beyond_the_cap_the_stated_secondary_order_picks_among_the_tied(run, tree, users):  # noqa: F811
    scheme = run.scheme
    capped = Scheme.objects.create(
        name=scheme.name,
        version=99,
        effective_year=2026,
        effective_quarter=2,
        status=SchemeStatus.PUBLISHED,
        params={**scheme.params, "lists": {"red_max": 3}},
    )
    ScoringRun.objects.filter(pk=run.pk).update(scheme=capped)
    run.refresh_from_db()
    rows = _in_a(run, tree)
    tied = rows[1:6]  # five at 94.5 behind a 99: quota 2, five tied would make six > cap 3
    households = [400, 400, 400, 300, 500]
    # (substantiated, rated, satisfied) of each tied project's complaints in the quarter
    complaints = [(1, 0, 0), (0, 2, 1), (0, 1, 1), (0, 1, 1), (0, 0, 0)]
    facts = {}
    for row, homes, (n_sub, n_rated, n_sat) in zip(tied, households, complaints, strict=True):
        ProjectScore.objects.filter(pk=row.pk).update(score=Decimal("94.5"), households=homes)
        for i in range(max(n_sub, n_rated)):
            feedback = "" if i >= n_rated else ("satisfied" if i < n_sat else "unsatisfied")
            c = make_complaint(row.project)
            Complaint.objects.filter(pk=c.pk).update(created=IN_Q2, substantiated=i < n_sub, feedback=feedback)
        rate = Fraction(n_sat, n_rated) if n_rated else Fraction(1)
        facts[row.project_id] = (n_sub, -rate, -homes, row.project.code)
    winner = min(facts, key=facts.get)
    assert winner == tied[4].project_id  # no complaint, no rating (100 %), the most households
    edition = lists.generate(run, tree.a, ListSubject.PROJECT, actor=users.district_a)
    red = list(edition.entries.filter(color=ListColor.RED).order_by("rank", "pk"))
    assert [e.project_id for e in red] == [rows[0].project_id, winner]
    assert "按同分规则入选" in red[1].reason_texts[0] and "服务 500 户" in red[1].reason_texts[1]


def test_red_cut_is_a_plain_function():
    Row = namedtuple("Row", "pk score")
    ranked = [Row(1, 99), Row(2, 95), Row(3, 95), Row(4, 95), Row(5, 80)]
    chosen, notes = lists.red_cut(ranked, 2, 10, order_key=lambda r: r.pk)
    assert [r.pk for r in chosen] == [1, 2, 3, 4] and set(notes) == {2, 3, 4}
    chosen, notes = lists.red_cut(ranked, 2, 3, order_key=lambda r: -r.pk)
    assert [r.pk for r in chosen] == [1, 4] and set(notes) == {4}
    assert (
        lists.red_cut(ranked, 3, 3, order_key=lambda r: r.pk)[0] == ranked[:3]
    )  # the 99 and three tied at 95 exceed the cap 3
    assert lists.red_cut(ranked[:2], 2, 3, order_key=None) == (ranked[:2], {})


# --- credit: one record per enterprise, quarter and colour, each saying what caused it --------
def _published_list(quarter_run, region, entries):
    """A published list of ``entries`` (enterprise, colour), published on the 10th after the quarter."""
    published = quarter_run.period.next().first_day + dt.timedelta(days=9)
    edition = ListEdition.objects.create(
        run=quarter_run,
        region=region,
        subject=ListSubject.ENTERPRISE,
    )
    for rank, (enterprise, color) in enumerate(entries, start=1):
        ListEntry.objects.create(edition=edition, color=color, rank=rank, enterprise=enterprise, score=95)
    ListEdition.objects.filter(pk=edition.pk).update(  # drafted, then published: final
        status=ListStatus.PUBLISHED, published_at=timezone.make_aware(dt.datetime.combine(published, dt.time(9, 0)))
    )
    edition.refresh_from_db()
    return edition


def test_a_quarter_on_the_city_and_a_district_list_counts_once_and_names_both(tree, users, client_for, colleagues):
    scheme = Scheme.objects.first()
    q1 = ScoringRun.objects.create(year=2026, quarter=1, scheme=scheme, status=RunStatus.PUBLISHED)
    q2 = ScoringRun.objects.create(year=2026, quarter=2, scheme=scheme, status=RunStatus.PUBLISHED)
    red, black = ListColor.RED, ListColor.BLACK
    editions = [
        _published_list(q1, tree.city, [(tree.ent_a, red), (tree.ent_b, black)]),
        _published_list(q1, tree.a, [(tree.ent_a, red)]),
        _published_list(q1, tree.b, [(tree.ent_b, black)]),
        _published_list(q2, tree.a, [(tree.ent_a, red)]),
    ]
    # The reference: the distinct (enterprise, quarter, colour) of the published entries, each
    # worth +5 (red) or −20 (black); the lists naming each.
    named = {}
    for edition in editions:
        for entry in edition.entries.all():
            named.setdefault((entry.enterprise_id, edition.run_id, entry.color), set()).add(edition.pk)
    points = {ListColor.RED: Decimal(5), ListColor.BLACK: Decimal(-20)}
    expected_score = {
        e.pk: Decimal(100) + sum(points[c] for (ent, _run, c) in named if ent == e.pk) for e in (tree.ent_a, tree.ent_b)
    }
    assert expected_score == {tree.ent_a.pk: Decimal(110), tree.ent_b.pk: Decimal(80)}

    credit.sync()
    credit.sync()  # twice: nothing changes
    records = CreditRecord.objects.filter(kind__in=[CreditKind.RED_LIST, CreditKind.BLACK_LIST])
    found = {
        (r.enterprise_id, r.run_id, "red" if r.kind == CreditKind.RED_LIST else "black"): {e.pk for e in r.lists.all()}
        for r in records
    }
    assert found == named and records.count() == len(named)
    day = dt.date(2026, 8, 1)  # both quarters' lists published, none expired
    for enterprise in (tree.ent_a, tree.ent_b):
        assert credit.score_on(enterprise.pk, day) == expected_score[enterprise.pk]
    both = records.get(enterprise=tree.ent_a, run=q1)
    assert both.note == "2026Q1 红榜：济南市、市中区" and both.occurred_on == dt.date(2026, 4, 10)

    api = client_for(users.city).get("/api/v1/credit-records/", {"kind": "red_list"}).json()["results"]
    row = next(r for r in api if r["id"] == both.pk)
    assert row["note"] == both.note and sorted(row["lists"]) == sorted(named[(tree.ent_a.pk, q1.pk, "red")])
    assert row["period"] == "2026Q1"
    page = client_for(users.city).get(f"/ratings/credit/{tree.ent_a.pk}/").content.decode()
    assert both.note in page and f"/ratings/lists/{editions[1].pk}/" in page
    public = client_for(None).get(f"/credit/{tree.ent_a.uscc}/").content.decode()
    assert f"/lists/{editions[0].pk}/" in public

    # A correction of the city's list takes A off it: the record stays, for the district's list.
    correction = lists.supersede(editions[0], reason="更正", actor=users.city)
    lists.remove_entry(correction.entries.get(enterprise=tree.ent_a), actor=users.city)
    lists.publish(lists.review(correction, actor=colleagues.city), actor=colleagues.city3)
    credit.sync()
    both.refresh_from_db()
    assert both.note == "2026Q1 红榜：市中区" and {e.pk for e in both.lists.all()} == {editions[1].pk}


def test_the_database_refuses_a_second_list_record_of_a_quarter(tree):
    q1 = ScoringRun.objects.create(year=2026, quarter=1, scheme=Scheme.objects.first(), status=RunStatus.PUBLISHED)
    fields = dict(enterprise=tree.ent_a, run=q1, kind=CreditKind.RED_LIST, points=5, note="x")
    CreditRecord.objects.create(occurred_on=dt.date(2026, 4, 1), valid_until=dt.date(2027, 4, 1), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditRecord.objects.create(occurred_on=dt.date(2026, 4, 2), valid_until=dt.date(2027, 4, 2), **fields)


def test_every_record_says_what_caused_it(tree, users):
    c = make_complaint(tree.project_a)
    Complaint.objects.filter(pk=c.pk).update(substantiated=True)
    Summons.objects.create(
        enterprise=tree.ent_a,
        person="经理",
        held_on=dt.date(2026, 5, 1),
        reason="投诉多",
        created_by=users.district_a,
        region=tree.a,
    )
    order = RectificationOrder.objects.create(
        project=tree.project_a,
        enterprise=tree.ent_a,
        source=OrderSource.OTHER,
        issue="楼道堆物",
        working_days=3,
        due_at=_at(2026, 5, 8),
        is_overdue=True,
        issued_by=users.district_a,
    )
    Honour.objects.create(
        kind=HonourKind.DEMONSTRATION_PROJECT,
        year=2025,
        region=tree.a,
        enterprise=tree.ent_a,
        project=tree.project_a,
        merits="服务好",
        status=HonourStatus.SELECTED,
        nominated_by=users.district_a,
        decided_at=_at(2026, 2, 1),
    )
    q1 = ScoringRun.objects.create(year=2026, quarter=1, scheme=Scheme.objects.first(), status=RunStatus.PUBLISHED)
    _published_list(q1, tree.a, [(tree.ent_a, ListColor.RED)])
    CreditRecord.objects.create(  # written before notes were: the sync fills it in
        enterprise=tree.ent_a,
        kind=CreditKind.SUMMONS,
        points=-5,
        occurred_on=dt.date(2026, 5, 1),
        valid_until=dt.date(2027, 5, 1),
        source_type=ContentType.objects.get_for_model(Summons),
        source_id=Summons.objects.get().pk,
    )
    credit.sync()
    notes = dict(CreditRecord.objects.values_list("kind", "note"))
    assert notes == {
        CreditKind.SUBSTANTIATED_COMPLAINT: f"有效投诉：{tree.project_a.name}（{c.category.name}）",
        CreditKind.SUMMONS: "约谈：投诉多",
        CreditKind.OVERDUE_RECTIFICATION: f"整改逾期：{tree.project_a.name}，整改期限 {order.due_at.date()}",
        CreditKind.HONOUR: f"2025 年度 市中区 示范项目 · {tree.project_a.name}",
        CreditKind.RED_LIST: "2026Q1 红榜：市中区",
    }


# --- adjustments: an honour this year and administrative penalties reach the enterprise score -
def _household_weighted(rows) -> Decimal:
    """The reference base: Σ score × max(households, 1) ÷ Σ max(households, 1), half up to 0.1."""
    weights = [max(r.households, 1) for r in rows]
    total = sum(Decimal(r.score) * w for r, w in zip(rows, weights, strict=True)) / sum(weights)
    return total.quantize(Decimal("0.1"), ROUND_HALF_UP)


def _honour(enterprise, year, users, region, status=HonourStatus.SELECTED):
    return Honour.objects.create(
        kind=HonourKind.MODEL_ENTERPRISE,
        year=year,
        region=region,
        enterprise=enterprise,
        merits="服务规范",
        status=status,
        nominated_by=users.district_a,
        decided_at=_at(year + 1, 1, 20),
    )


def test_an_honour_this_year_and_penalties_in_the_quarter_are_lines_of_the_enterprise_score(tree, users, client_for):
    q2 = jobs.run_all(jobs.start(Q2, enqueue=False))
    ProjectScore.objects.filter(run=q2, project=tree.project_a).update(score=Decimal("80.0"))
    ProjectScore.objects.filter(run=q2, project=tree.project_b).update(score=Decimal("75.0"))
    honours = [
        _honour(tree.ent_a, 2026, users, tree.a),  # this year: +3
        _honour(tree.ent_a, 2026, users, tree.city),  # a second one this year: still +3 once
        _honour(tree.ent_b, 2025, users, tree.b),  # last year's: nothing
        _honour(tree.ent_b, 2026, users, tree.b, status=HonourStatus.NOMINATED),  # not selected: nothing
    ]
    penalties = [
        credit.record_penalty(
            tree.ent_a, points=-4.5, occurred_on=dt.date(2026, 5, 3), note="罚〔2026〕1号", actor=users.district_a
        ),
        credit.record_penalty(
            tree.ent_a, points=-2, occurred_on=dt.date(2026, 6, 30), note="罚〔2026〕2号", actor=users.district_a
        ),
        credit.record_penalty(
            tree.ent_b, points=-7, occurred_on=dt.date(2026, 3, 31), note="罚〔2026〕3号", actor=users.district_b
        ),  # last quarter: nothing
    ]
    Summons.objects.create(
        enterprise=tree.ent_a,
        person="经理",
        held_on=dt.date(2026, 5, 1),
        reason="投诉多",
        created_by=users.district_a,
        region=tree.a,
    )
    jobs.aggregate_enterprises(q2)

    start, end = Q2.first_day, Q2.next().first_day
    params = Scheme.objects.in_force(Q2).params
    for enterprise in (tree.ent_a, tree.ent_b):
        base = _household_weighted(ProjectScore.objects.filter(run=q2, enterprise=enterprise))
        honour = (
            Decimal(3)
            if any(h.enterprise == enterprise and h.year == 2026 and h.status == "selected" for h in honours)
            else Decimal(0)
        )
        fines = [p.points for p in penalties if p.enterprise == enterprise and start <= p.occurred_on < end]
        summons = Decimal(params["summons_penalty"]) if enterprise == tree.ent_a else Decimal(0)
        expected = min(Decimal(100), max(Decimal(0), base + honour + sum(fines) - summons))
        row = EnterpriseScore.objects.get(run=q2, enterprise=enterprise)
        assert (row.base_score, row.score) == (base, expected)
        kinds = [line["kind"] for line in row.adjustments]
        assert kinds.count("honour") == (1 if honour else 0) and kinds.count("penalty") == len(fines)
    row = EnterpriseScore.objects.get(run=q2, enterprise=tree.ent_a)
    assert row.score == Decimal("71.5")  # 80 + 3 − 4.5 − 2 − 5
    page = client_for(users.district_a).get(f"/ratings/enterprise-scores/{row.pk}/").content.decode()
    assert "2026 年度获评先树优 2 项：+3.0" in page and "行政处罚（2026-05-03，罚〔2026〕1号）：-4.5" in page


def test_a_scheme_without_the_parameters_recomputes_as_published(tree, users):
    q2 = jobs.run_all(jobs.start(Q2, enqueue=False))
    # A scheme published before honours and penalties were applied (made here: the migrated one
    # may have been re-created by an earlier test's demo seed in this database).
    in_force = Scheme.objects.in_force(Q2)
    first = Scheme.objects.create(
        name=in_force.name,
        version=Scheme.objects.order_by("-version").first().version + 1,
        effective_year=2000,
        effective_quarter=1,
        status=SchemeStatus.PUBLISHED,
        params={k: v for k, v in in_force.params.items() if k not in ("honour_bonus", "penalty_factor")},
    )
    _honour(tree.ent_a, 2026, users, tree.a)
    credit.record_penalty(tree.ent_a, points=-4.5, occurred_on=dt.date(2026, 5, 3), note="罚", actor=users.district_a)
    ScoringRun.objects.filter(pk=q2.pk).update(scheme=first)
    q2.refresh_from_db()
    jobs.aggregate_enterprises(q2)
    row = EnterpriseScore.objects.get(run=q2, enterprise=tree.ent_a)
    assert row.adjustments == [] and row.score == row.base_score


def test_the_migration_adds_the_parameters_to_drafts_and_a_new_version_only(db):
    migration = importlib.import_module("ratings.migrations.0014_rules_adjustment_params")
    with connection.cursor() as cursor:  # published schemes refuse DELETE; start from none (rolled back)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred checks of earlier writes would block TRUNCATE
        cursor.execute("TRUNCATE ratings_scheme CASCADE")
    old = Scheme.objects.create(
        name="方案",
        version=1,
        effective_year=2000,
        effective_quarter=1,
        status=SchemeStatus.PUBLISHED,
        params={"summons_penalty": 5},
    )
    draft = Scheme.objects.create(
        name="方案",
        version=2,
        effective_year=2027,
        effective_quarter=1,
        params={"summons_penalty": 4, "honour_bonus": 2},
    )
    ScoringRun.objects.create(year=2026, quarter=2, scheme=old, status=RunStatus.PUBLISHED)
    migration.add_parameters(django_apps, None)
    old.refresh_from_db()
    draft.refresh_from_db()
    assert old.params == {"summons_penalty": 5}  # published: final
    assert draft.params == {"summons_penalty": 4, "honour_bonus": 2, "penalty_factor": 1}  # a draft's own value kept
    new = Scheme.objects.get(version=3)
    assert (new.status, new.effective_from) == (SchemeStatus.PUBLISHED, Q2.next())
    assert new.params == {"summons_penalty": 5, "honour_bonus": 3, "penalty_factor": 1}
    migration.add_parameters(django_apps, None)  # twice: the scheme in force has them now
    assert Scheme.objects.count() == 3
