"""Each stage's deadline is recorded when the stage begins, and "on time" is judged from those
records only (complaints.measures), never from the overdue sweep's flag."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from complaints import measures, sla, workflow
from complaints.choices import Party, Stage
from complaints.models import Complaint, SlaPolicy, StageRecord
from core.calendar import WorkCalendar
from dashboards import rollup
from dashboards import statistics as stats

from .factories import make_complaint

pytestmark = pytest.mark.django_db


def _records(complaint):
    return list(StageRecord.objects.filter(complaint=complaint).order_by("started_at", "id"))


def _expected_due(start, hours):
    # Computed by the calendar directly, not through the workflow.
    return WorkCalendar.current().add_working_hours(start, Decimal(hours))


def test_each_transition_records_the_stage_its_party_and_the_deadline_at_its_start(tree, users):
    c = make_complaint(tree.project_a)
    [accept] = _records(c)
    assert (accept.stage, accept.party, accept.enterprise_id, accept.ended_at) == (
        Stage.ACCEPT,
        Party.BUREAU,
        None,
        None,
    )
    assert accept.working_hours == Decimal(8) and accept.due_at == _expected_due(accept.started_at, 8)
    c = workflow.accept(c, actor=users.city)
    assert len(_records(c)) == 1, "accepting alone does not end the acceptance stage: assigning does"
    c = workflow.assign(c, actor=users.city, to=tree.ent_a)
    accept, sign = _records(c)
    assert accept.completed and accept.ended_at == sign.started_at
    assert (sign.stage, sign.party, sign.enterprise_id) == (Stage.SIGN, Party.ENTERPRISE, tree.ent_a.pk)
    assert sign.due_at == _expected_due(sign.started_at, 2) == Complaint.objects.get(pk=c.pk).due_at
    c = workflow.sign(c, actor=users.ent_a)
    c = workflow.answer(c, actor=users.ent_a, text="已处理")
    accept, sign, answer = _records(c)
    assert sign.completed and answer.completed and answer.ended_at is not None
    assert (answer.stage, answer.party, answer.enterprise_id) == (Stage.ANSWER, Party.ENTERPRISE, tree.ent_a.pk)
    assert answer.due_at == _expected_due(answer.started_at, 24)
    assert Complaint.objects.get(pk=c.pk).due_at is None


def test_a_reassignment_supersedes_the_unsigned_stage_and_a_send_back_starts_a_new_answer(tree, users):
    c = workflow.accept_and_assign(make_complaint(tree.project_a), actor=users.city, to=tree.ent_a)
    c = workflow.assign(c, actor=users.city, to=tree.a1)  # to the street instead
    _accept, first, second = _records(c)
    assert first.ended_at is not None and not first.completed and first.enterprise_id == tree.ent_a.pk
    assert (second.party, second.enterprise_id) == (Party.REGION, None)
    c = workflow.sign(c, actor=users.street_a)
    c = workflow.answer(c, actor=users.street_a, text="已处理")
    c = workflow.send_back(c, actor=users.city, reason="答复不完整")
    last = _records(c)[-1]
    assert (last.stage, last.ended_at, last.party) == (Stage.ANSWER, None, Party.REGION)


def test_a_deadline_is_not_moved_by_a_later_policy_change(tree, users):
    c = make_complaint(tree.project_a)
    due = _records(c)[0].due_at
    for stage, hours in ((Stage.ACCEPT, 40), (Stage.SIGN, 16)):  # as an administrator edits them
        policy = SlaPolicy.objects.get(stage=stage, urgency="normal")
        policy.working_hours = Decimal(hours)
        policy.save()
    c = workflow.accept_and_assign(c, actor=users.city, to=tree.ent_a)
    accept, sign = _records(c)
    assert accept.due_at == due and accept.working_hours == Decimal(8)
    assert sign.working_hours == Decimal(16) and sign.due_at == _expected_due(sign.started_at, 16)


def _backdate_running_stage(complaint, minutes_late: int):
    """As if the running stage had begun long enough ago that its deadline passed
    ``minutes_late`` minutes ago (test set-up: the clock cannot be moved back in the workflow)."""
    record = StageRecord.objects.get(complaint=complaint, ended_at__isnull=True)
    shift = timezone.now() - dt.timedelta(minutes=minutes_late) - record.due_at
    StageRecord.objects.filter(pk=record.pk).update(started_at=record.started_at + shift, due_at=record.due_at + shift)
    Complaint.objects.filter(pk=complaint.pk).update(due_at=record.due_at + shift)  # the mirror the sweep reads


def test_signed_ten_minutes_late_between_two_sweeps_is_late_for_the_enterprise_only(tree, users):
    on_time = workflow.accept_and_assign(make_complaint(tree.project_a), actor=users.city, to=tree.ent_a)
    late = workflow.accept_and_assign(make_complaint(tree.project_a), actor=users.city, to=tree.ent_a)
    _backdate_running_stage(late, 10)
    for c in (on_time, late):
        c = workflow.sign(c, actor=users.ent_a)
        workflow.answer(c, actor=users.ent_a, text="已处理")
    # A third complaint: the bureau accepted it late; the enterprise then answered in time.
    bureau_late = make_complaint(tree.project_a)
    _backdate_running_stage(bureau_late, 30)
    bureau_late = workflow.accept_and_assign(bureau_late, actor=users.city, to=tree.ent_a)
    workflow.answer(workflow.sign(bureau_late, actor=users.ent_a), actor=users.ent_a, text="已处理")
    assert not Complaint.objects.filter(is_overdue=True).exists(), "no sweep ran: the flag knows nothing"
    rollup.rebuild()
    month = stats.month_start(timezone.localdate())
    counts = stats.totals(tree.city, month, month)
    assert (counts["enterprise_timed"], counts["enterprise_on_time"]) == (3, 2)
    assert (counts["accept_timed"], counts["accept_on_time"]) == (3, 2)
    assert (counts["timed"], counts["on_time"]) == (3, 1)
    figures = stats.figures(counts)
    assert figures["enterprise_on_time_rate"] == Decimal("66.7") and figures["on_time_rate"] == Decimal("33.3")


# --- the measure's SQL against the rule in plain Python, over hand-built stage rows -----------------
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)
# (stage, party, started, due, ended, completed): every case the rule distinguishes.
CASES = {
    "completed on time": ("sign", "enterprise", -10, -5, -6, True),
    "completed exactly at the deadline": ("sign", "enterprise", -10, -5, -5, True),
    "completed late": ("answer", "enterprise", -30, -20, -19, True),
    "superseded before its deadline": ("sign", "enterprise", -10, -5, -7, False),
    "superseded after its deadline": ("sign", "enterprise", -10, -5, -4, False),
    "running, not yet due": ("answer", "enterprise", -2, 3, None, False),
    "running past its deadline": ("answer", "enterprise", -9, -1, None, False),
    "without a deadline": ("answer", "enterprise", -9, None, -1, True),
    "bureau accepted late": ("accept", "bureau", -9, -3, -2, True),
    "street answered on time": ("answer", "region", -9, -3, -4, True),
}


def _python_rule(rows, now):
    """(timed, on time) per the docstring of complaints.measures, written independently."""

    def late(r):
        return r["due"] is not None and (r["ended"] if r["ended"] is not None else now) > r["due"]

    def counts(r):
        return r["due"] is not None and (r["completed"] or late(r))

    result = {}
    for prefix, keep in (
        ("", lambda r: True),
        ("enterprise_", lambda r: r["party"] == "enterprise"),
        ("accept_", lambda r: r["stage"] == "accept"),
    ):
        mine = [r for r in rows if keep(r)]
        timed = any(counts(r) for r in mine)
        result[f"{prefix}timed"] = timed
        result[f"{prefix}on_time"] = timed and not any(late(r) for r in mine)
    return result


@pytest.mark.parametrize("pair", [(a, b) for a in CASES for b in CASES if a <= b], ids=" + ".join)
def test_the_measures_sql_judges_stages_as_the_rule_says(tree, pair):
    c = make_complaint(tree.project_a)
    StageRecord.objects.filter(complaint=c).delete()
    rows = []
    for name in pair:
        stage, party, started, due, ended, completed = CASES[name]
        due_at = NOW + due * H if due is not None else None
        ended_at = NOW + ended * H if ended is not None else None
        rows.append({"stage": stage, "party": party, "completed": completed, "due": due_at, "ended": ended_at})
    for r, name in zip(rows, pair, strict=True):
        StageRecord.objects.create(
            complaint=c,
            stage=r["stage"],
            party=r["party"],
            started_at=NOW + CASES[name][2] * H,
            due_at=r["due"],
            ended_at=r["ended"],
            completed=r["completed"],
            enterprise=tree.ent_a if r["party"] == "enterprise" else None,
        )
        if r["ended"] is None:
            break  # one stage runs at a time
    rows = rows[: len(StageRecord.objects.filter(complaint=c))]
    keys = [k for k in measures.MEASURES if measures.MEASURES[k].needs_stages]
    select = ", ".join(f"{measures.MEASURES[k].condition} AS {k}" for k in keys)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {select} FROM complaints_complaint c {measures.stages_join('%(now)s::timestamptz')} "
            "WHERE c.id = %(id)s",
            {"now": NOW, "id": c.pk},
        )
        found = dict(zip(keys, cursor.fetchone(), strict=True))
    assert found == _python_rule(rows, NOW)


def test_the_overdue_sweep_still_reminds_but_does_not_decide(tree, users):
    c = workflow.accept_and_assign(make_complaint(tree.project_a), actor=users.city, to=tree.ent_a)
    _backdate_running_stage(c, 5)
    assert sla.sweep_overdue() == 1
    c.refresh_from_db()
    assert c.is_overdue
    # The enterprise's running stage is past its deadline: late, whatever the flag says later.
    Complaint.objects.filter(pk=c.pk).update(is_overdue=False)
    rollup.rebuild()
    month = stats.month_start(timezone.localdate())
    counts = stats.totals(tree.city, month, month)
    assert (counts["enterprise_timed"], counts["enterprise_on_time"]) == (1, 0)


def test_the_migration_rebuilds_from_the_events_the_stages_the_workflow_recorded(tree, users):
    """The backfill of complaints filed before stages were recorded, checked against what the
    workflow records live for the same histories."""
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("complaints.migrations.0017_backfill_stage_records").backfill
    done = workflow.answer(
        workflow.sign(
            workflow.accept_and_assign(make_complaint(tree.project_a), actor=users.city, to=tree.ent_a),
            actor=users.ent_a,
        ),
        actor=users.ent_a,
        text="已处理",
    )
    sent_back = workflow.send_back(done, actor=users.city, reason="不完整")
    rejected = workflow.reject(make_complaint(tree.project_b), actor=users.city, reason="不属于物业")
    waiting = make_complaint(tree.project_b)
    complaints = [sent_back, rejected, waiting]

    def shape(complaint):
        return [
            (r.stage, r.party, r.enterprise_id, r.working_hours, r.completed, r.ended_at is None)
            for r in _records(complaint)
        ]

    def times(complaint):
        return [(r.started_at, r.due_at, r.ended_at) for r in _records(complaint)]

    live = {c.pk: (shape(c), times(c)) for c in complaints}
    StageRecord.objects.all().delete()
    backfill(apps, None)
    for c in complaints:
        assert shape(c) == live[c.pk][0]
        for rebuilt, recorded in zip(times(c), live[c.pk][1], strict=True):
            for a, b in zip(rebuilt, recorded, strict=True):  # events are stamped a moment after the stage
                assert (a is None) == (b is None) and (a is None or abs(a - b) < dt.timedelta(seconds=1))
    backfill(apps, None)  # a second run adds nothing
    assert StageRecord.objects.count() == sum(len(live[c.pk][0]) for c in complaints)


def test_each_measures_orm_condition_counts_what_its_sql_counts(tree, users):
    """The ORM form of a measure (``q``) and its SQL select the same complaints."""
    for step in range(6):
        c = make_complaint(tree.project_a if step % 2 else tree.project_b)
        if step >= 1:
            c = workflow.accept_and_assign(c, actor=users.city, to=c.project.enterprise)
        if step >= 2:
            clerk = users.ent_a if c.project.enterprise == tree.ent_a else users.ent_b
            c = workflow.answer(workflow.sign(c, actor=clerk), actor=clerk, text="已处理")
            workflow.set_substantiated(c, actor=users.city, substantiated=step % 2 == 0)
        if step >= 3:
            workflow.record_feedback(c, rating=["satisfied", "basic", "unsatisfied"][step % 3])
    first = make_complaint(tree.project_a)
    workflow.merge(make_complaint(tree.project_a), into=first, actor=users.city)
    for key, measure in measures.MEASURES.items():
        if measure.needs_stages:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {measure.count_sql()} FROM complaints_complaint c")
            by_sql = cursor.fetchone()[0]
        assert Complaint.objects.filter(measure.q).count() == by_sql, key
