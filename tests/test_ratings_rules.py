"""Rules an auditor checks (issue 21 §4): the black list's "overdue by more than 30 days", the
adjustments for honours and administrative penalties, one credit record per enterprise, quarter
and colour, and ties at the red list's cut. Each figure is checked against a reference computed
in plain Python from the hand-built rows."""

import datetime as dt
from collections import namedtuple
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from complaints.models import Complaint
from inspections.choices import OrderSource
from inspections.models import RectificationOrder
from ratings import lists
from ratings.choices import ListColor, ListSubject, SchemeStatus
from ratings.models import ProjectScore, Scheme, ScoringRun

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
    overdue = {e.project_id for e in black if any("整改逾期超过 30 天" in r for r in e.reasons)}
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
    assert all("同分者均入榜" in e.reasons[0] for e in red[1:])
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
    assert "按同分规则入选" in red[1].reasons[0] and "服务 500 户" in red[1].reasons[1]


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
