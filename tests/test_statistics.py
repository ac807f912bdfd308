"""The statistics roll-up: aggregates equal raw counts, incremental equals --rebuild, the
watermark reads only what changed, and the figures (YoY, MoM, rates) as the sources print them."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints import sla, workflow
from complaints.choices import Feedback, Status
from complaints.models import Complaint, StageRecord
from dashboards import rollup
from dashboards import statistics as stats
from dashboards.models import COUNT_FIELDS, Backlog, ComplaintDaily, ProjectMonthly, RegionMonthly

from .factories import make_complaint

CATEGORIES = ["cleaning", "elevator", "parking", "greening"]
# How far each generated complaint goes through the workflow.
STEPS = ["submitted", "accepted", "rejected", "answered", "satisfied", "basic", "unsatisfied", "overdue", "merged"]


def _raw(region_path: str, first: dt.date, last: dt.date, project_id=None) -> dict:
    """The reference: each count computed in Python from the complaint rows."""
    tz = timezone.get_default_timezone()
    qs = Complaint.objects.filter(
        region_path__startswith=region_path,
        created__gte=dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        created__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )
    if project_id is not None:
        qs = qs.filter(project_id=project_id)
    stages = defaultdict(list)
    for record in StageRecord.objects.all():
        stages[record.complaint_id].append(record)
    now = timezone.now()
    counts = dict.fromkeys(COUNT_FIELDS, 0)
    for c in qs:
        counts["received"] += 1
        counts["accepted"] += c.accepted_at is not None
        counts["answered"] += c.answered_at is not None
        for prefix, keep in (
            ("", lambda s: True),
            ("enterprise_", lambda s: s.party == "enterprise"),
            ("accept_", lambda s: s.stage == "accept"),
        ):
            timed, on_time = _judge([s for s in stages[c.pk] if keep(s)], now)
            counts[f"{prefix}timed"] += timed
            counts[f"{prefix}on_time"] += on_time
        counts["closed"] += c.status == Status.CLOSED
        counts["rated"] += bool(c.feedback)
        counts["satisfied"] += c.feedback == Feedback.SATISFIED
        counts["basically_satisfied"] += c.feedback == Feedback.BASICALLY_SATISFIED
        counts["dissatisfied"] += c.feedback == Feedback.UNSATISFIED
        counts["decided"] += c.substantiated is not None
        counts["substantiated"] += c.substantiated is True and c.merged_into_id is None
        counts["repeat"] += c.merged_into_id is not None
    return counts


def _judge(records, now) -> tuple[bool, bool]:
    """(timed, on time) of a complaint from its stage records, by the rule as written: a stage
    with a deadline is late if it ended, or now is, after the deadline; it counts if its party
    completed it or it is late; on time = some stage counts and none is late."""
    late = [r for r in records if r.due_at is not None and (r.ended_at or now) > r.due_at]
    counted = [r for r in records if r.due_at is not None and (r.completed or r in late)]
    return bool(counted), bool(counted) and not late


def _progress(complaint, step: str, tree, users, substantiated=None):
    officer = users.city
    if step == "submitted":
        return complaint
    if step == "rejected":
        return workflow.reject(complaint, actor=officer, reason="不属于物业管理范围")
    if step == "merged":
        others = Complaint.objects.filter(project=complaint.project).exclude(pk=complaint.pk)
        other = others.exclude(status__in=[Status.REJECTED, Status.MERGED]).first()
        if other is None:
            return complaint
        return workflow.merge(complaint, into=other, actor=officer)
    complaint = workflow.accept(complaint, actor=officer)
    if step == "accepted":
        return complaint
    if step == "overdue":
        sla.sweep_overdue(now=timezone.now() + dt.timedelta(days=30))
        return complaint
    enterprise = complaint.project.enterprise
    complaint = workflow.assign(complaint, actor=officer, to=enterprise)
    clerk = users.ent_a if enterprise == tree.ent_a else users.ent_b
    complaint = workflow.sign(complaint, actor=clerk)
    complaint = workflow.answer(complaint, actor=clerk, text="已安排保洁清运完毕")
    if substantiated is not None:
        complaint = workflow.set_substantiated(complaint, actor=officer, substantiated=substantiated)
    if step in ("satisfied", "basic", "unsatisfied"):
        rating = {"satisfied": Feedback.SATISFIED, "basic": Feedback.BASICALLY_SATISFIED}.get(
            step, Feedback.UNSATISFIED
        )
        complaint = workflow.record_feedback(complaint, rating=rating)
    return complaint


def _file(tree, users, where: int, category: str, step: str, days_ago: int, substantiated=None):
    project = (tree.project_a, tree.project_b)[where]
    complaint = make_complaint(project, category_code=category)
    # Received on another day: set before the roll-up first sees the new complaint.
    shift = dt.timedelta(days=days_ago)
    Complaint.objects.filter(pk=complaint.pk).update(created=timezone.now() - shift)
    # Its acceptance stage began then too: handled now, it is late unless filed today.
    StageRecord.objects.filter(complaint=complaint).update(
        started_at=F("started_at") - shift, due_at=F("due_at") - shift
    )
    complaint.refresh_from_db()
    return _progress(complaint, step, tree, users, substantiated)


def _table_rows():
    daily = sorted(
        tuple(r)
        for r in ComplaintDaily.objects.values_list(
            "day", "region_id", "category_id", "channel", "enterprise_id", "project_id", *COUNT_FIELDS
        )
    )
    region = sorted(
        tuple(r)
        for r in RegionMonthly.objects.values_list("month", "region_id", "category_id", "channel", *COUNT_FIELDS)
    )
    project = sorted(
        tuple(r) for r in ProjectMonthly.objects.values_list("month", "project_id", "enterprise_id", *COUNT_FIELDS)
    )
    backlog = sorted(tuple(r) for r in Backlog.objects.values_list("region_id", "open", "waiting", "overdue"))
    return daily, region, project, backlog


def _assert_matches_raw(tree):
    today = timezone.localdate()
    first, last = today - dt.timedelta(days=120), today
    month_first = stats.month_start(first)
    for region in (tree.city, tree.a, tree.b, tree.a1a):
        expected = _raw(region.path, month_first, last)
        assert stats.totals(region, month_first, stats.month_start(last)) == expected, region.name
    for project in (tree.project_a, tree.project_b):
        expected = _raw(tree.city.path, month_first, last, project_id=project.pk)
        rows = ProjectMonthly.objects.filter(project=project)
        got = {f: sum(getattr(r, f) for r in rows) for f in COUNT_FIELDS}
        assert got == expected, project.name
    open_now = Complaint.objects.filter(
        status__in=[s for s in Status if s not in (Status.CLOSED, Status.REJECTED, Status.MERGED, Status.ANSWERED)]
    )
    assert stats.backlog(tree.city)["open"] == open_now.count()


@pytest.mark.django_db
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    batch=st.lists(
        st.tuples(
            st.integers(0, 1),
            st.sampled_from(CATEGORIES),
            st.sampled_from(STEPS),
            st.integers(0, 90),
            st.sampled_from([None, True, False]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_aggregates_equal_raw_counts_after_random_intake_and_transitions(tree, users, batch):
    for where, category, step, days_ago, substantiated in batch:
        _file(tree, users, where, category, step, days_ago, substantiated)
    rollup.run()
    _assert_matches_raw(tree)
    # Transitions on complaints already rolled up are picked up by the next run.
    for complaint in Complaint.objects.filter(status=Status.ANSWERED)[:2]:
        workflow.record_feedback(complaint, rating=Feedback.BASICALLY_SATISFIED)
    rollup.run()
    _assert_matches_raw(tree)


@pytest.mark.django_db
def test_incremental_equals_rebuild(tree, users):
    steps = ["answered", "satisfied", "unsatisfied", "overdue", "rejected", "accepted", "merged", "basic"]
    for i, step in enumerate(steps * 2):
        _file(tree, users, i % 2, CATEGORIES[i % 4], step, days_ago=(i * 11) % 70, substantiated=(i % 3 == 0))
        if i % 3 == 0:
            rollup.run()
    rollup.run()
    incremental = _table_rows()
    rollup.rebuild()
    assert _table_rows() == incremental
    assert incremental[0], "the roll-up wrote rows"


@pytest.mark.django_db
def test_watermark_reads_only_what_changed(tree, users):
    old = _file(tree, users, 0, "cleaning", "answered", days_ago=40)
    _file(tree, users, 1, "elevator", "accepted", days_ago=3)
    later = timezone.now() + dt.timedelta(minutes=10)  # every event settled: the watermark passes them
    assert rollup.run(now=later).days == 2
    assert rollup.run(now=later).days == 0  # nothing changed since
    workflow.record_feedback(old, rating=Feedback.SATISFIED)
    result = rollup.run(now=later + dt.timedelta(minutes=10))
    assert result.days == 1  # only the day the old complaint was received is recomputed
    assert (
        stats.totals(
            tree.city,
            stats.month_start(timezone.localdate() - dt.timedelta(days=40)),
            stats.month_start(timezone.localdate()),
        )["closed"]
        == 1
    )


@pytest.mark.django_db
def test_unsettled_events_are_read_again_until_they_settle(tree, users):
    _file(tree, users, 0, "cleaning", "accepted", days_ago=1)
    assert rollup.run().days == 1
    assert rollup.run().days == 1  # the fresh events stay behind the watermark for SETTLE
    assert rollup.run(now=timezone.now() + rollup.SETTLE * 2).days == 1
    assert rollup.run(now=timezone.now() + rollup.SETTLE * 2).days == 0


@pytest.mark.django_db(transaction=True)
def test_second_rollup_skips_while_one_runs(tree):
    import threading

    from django.db import transaction

    from dashboards.models import RollupState

    RollupState.objects.get_or_create(pk=1)  # committed: the other connection sees the row
    outcome = {}

    def other():  # another connection, as a second worker would be
        try:
            outcome["result"] = rollup.run()
        finally:
            connection.close()

    with transaction.atomic():
        RollupState.objects.select_for_update().get(pk=1)
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert outcome["result"].skipped


@pytest.mark.django_db(transaction=True)
def test_roll_up_job_reads_no_history_when_nothing_changed(tree, users):
    for i in range(3):
        _file(tree, users, i % 2, "cleaning", "answered", days_ago=i * 30)
    later = timezone.now() + dt.timedelta(minutes=10)
    rollup.run(now=later)
    with CaptureQueriesContext(connection) as ctx:
        rollup.run(now=later)
    daily_inserts = [
        q["sql"] for q in ctx.captured_queries if "INSERT INTO" in q["sql"] and "complaintdaily" in q["sql"]
    ]
    assert daily_inserts == []


# --- figures -------------------------------------------------------------------------------------


def test_change_pct_as_the_sources_print_it():
    assert stats.change_pct(314, 500) == Decimal("-37.2")
    assert stats.change_pct(3, 2) == Decimal("50.0")
    assert stats.change_pct(5, 0) is None  # no base, no change
    assert stats.change_pct(0, 4) == Decimal("-100.0")


def test_rates_with_nothing_to_divide_are_none():
    figures = stats.figures(stats.zero())
    assert figures["on_time_rate"] is None and figures["satisfaction_rate"] is None
    assert figures["close_rate"] is None and figures["received"] == 0


@pytest.mark.django_db
def test_yoy_and_mom_including_a_zero_base_and_an_empty_month(tree, users):
    today = timezone.localdate()
    this_month = stats.month_start(today)
    # Two complaints a year ago, none last month, three this month.
    year_ago = stats.add_months(this_month, -12)
    for _ in range(2):
        c = make_complaint(tree.project_a)
        Complaint.objects.filter(pk=c.pk).update(
            created=timezone.make_aware(dt.datetime.combine(year_ago, dt.time(10)))
        )
    for _ in range(3):
        make_complaint(tree.project_a, category_code="elevator")
    rollup.rebuild()
    [row] = stats.complaint_rows(tree.city, this_month)
    assert (row["count"], row["previous_month"], row["same_month_last_year"]) == (3, 0, 2)
    assert row["mom_change_pct"] is None  # last month had none: no base
    assert row["yoy_change_pct"] == Decimal("50.0")
    [empty] = stats.complaint_rows(tree.city, stats.add_months(this_month, -1))
    assert empty["count"] == 0 and empty["mom_change_pct"] is None and empty["on_time_rate"] is None
    by_category = {r["key"]: r for r in stats.complaint_rows(tree.city, this_month, "category")}
    assert by_category["elevator"]["count"] == 3
    assert by_category["cleaning"]["same_month_last_year"] == 2 and by_category["cleaning"]["count"] == 0
    by_region = {r["key"]: r["count"] for r in stats.complaint_rows(tree.city, this_month, "region")}
    assert by_region == {tree.a.code: 3}


@pytest.mark.django_db
def test_worst_projects_per_100_households(tree, users):
    tree.project_a.households, tree.project_b.households = 200, 50
    tree.project_a.save(update_fields=["households"])
    tree.project_b.save(update_fields=["households"])
    for _ in range(2):
        make_complaint(tree.project_a)
    make_complaint(tree.project_b)
    rollup.run()
    month = stats.month_start(timezone.localdate())
    worst = stats.worst_projects(tree.city, month, month)
    assert [(w["project"], w["per_100"]) for w in worst] == [
        (tree.project_b, Decimal("2.00")),
        (tree.project_a, Decimal("1.00")),
    ]
    assert [w["enterprise"] for w in stats.worst_enterprises(tree.city, month, month)] == [tree.ent_b, tree.ent_a]


def _received_on(tree, users, day: dt.date, *, accept: bool, project=None, category="cleaning"):
    c = make_complaint(project or tree.project_a, category_code=category)
    if accept:
        c = workflow.accept(c, actor=users.city)
    Complaint.objects.filter(pk=c.pk).update(created=timezone.make_aware(dt.datetime.combine(day, dt.time(10))))


@pytest.mark.django_db
def test_a_month_in_progress_is_compared_day_for_day_and_accepted_has_its_own_changes(tree, users):
    """7 December 2026: 1–7 December against 1–7 November and 1–7 December 2025, not against the
    whole of November; accepted work orders (受理) have their own changes."""
    dec, nov, last_dec = dt.date(2026, 12, 1), dt.date(2026, 11, 1), dt.date(2025, 12, 1)
    rows = [  # (day received, accepted, project)
        (dt.date(2026, 12, 2), True, "a"),
        (dt.date(2026, 12, 6), False, "b"),
        (dt.date(2026, 12, 7), True, "b"),
        (dt.date(2026, 11, 3), True, "a"),
        (dt.date(2026, 11, 7), True, "a"),
        (dt.date(2026, 11, 8), True, "a"),
        (dt.date(2026, 11, 20), False, "b"),
        (dt.date(2026, 11, 30), True, "b"),
        (dt.date(2025, 12, 5), False, "a"),
        (dt.date(2025, 12, 20), True, "b"),
    ]
    for day, accepted, where in rows:
        _received_on(tree, users, day, accept=accepted, project=getattr(tree, f"project_{where}"))
    rollup.rebuild()

    def reference(first, last, project=None):  # plain Python over the rows above
        chosen = [r for r in rows if first <= r[0] <= last and project in (None, r[2])]
        return len(chosen), sum(r[1] for r in chosen)

    [row] = stats.complaint_rows(tree.city, dec, today=dt.date(2026, 12, 7))
    assert row["through_day"] == 7
    assert (row["count"], row["accepted"]) == reference(dec, dt.date(2026, 12, 7)) == (3, 2)
    assert (row["previous_month"], row["accepted_previous_month"]) == reference(nov, dt.date(2026, 11, 7)) == (2, 2)
    assert (row["same_month_last_year"], row["accepted_same_month_last_year"]) == reference(
        last_dec, dt.date(2025, 12, 7)
    )
    assert row["mom_change_pct"] == Decimal("50.0") and row["accepted_mom_change_pct"] == Decimal("0.0")
    assert row["accepted_yoy_change_pct"] is None  # none accepted in 1–7 December 2025
    # The same month once it is over: whole months on both sides.
    [whole] = stats.complaint_rows(tree.city, dec, today=dt.date(2027, 1, 10))
    assert whole["through_day"] is None
    assert (whole["previous_month"], whole["accepted_previous_month"]) == reference(nov, dt.date(2026, 11, 30))
    # Grouped rows compare day for day too (a street of each district).
    by_region = {r["key"]: r for r in stats.complaint_rows(tree.city, dec, "region", today=dt.date(2026, 12, 7))}
    assert by_region[tree.a.code]["previous_month"] == reference(nov, dt.date(2026, 11, 7), "a")[0] == 2
    assert by_region[tree.b.code]["previous_month"] == reference(nov, dt.date(2026, 11, 7), "b")[0] == 0
    assert by_region[tree.b.code]["count"] == reference(dec, dt.date(2026, 12, 7), "b")[0] == 2
    by_category = {r["key"]: r for r in stats.complaint_rows(tree.city, dec, "category", today=dt.date(2026, 12, 7))}
    assert by_category["cleaning"]["previous_month"] == 2
    # A month shorter than the day compared: 31 March against all of February.
    assert stats.comparison_periods(dt.date(2027, 3, 1), dt.date(2027, 3, 31))[0]["previous"] == (
        dt.date(2027, 2, 1),
        dt.date(2027, 2, 28),
    )


@pytest.mark.django_db
def test_the_statistics_api_says_what_it_counts(tree, users, client_for):
    make_complaint(tree.project_a)
    workflow.accept(make_complaint(tree.project_a), actor=users.city)
    rollup.rebuild()
    body = client_for(users.city).get("/api/v1/statistics/complaints/").json()
    [row] = body["results"]
    assert (row["count"], row["accepted"], row["through_day"]) == (2, 1, timezone.localdate().day)
    for key in ("enterprise_on_time_rate", "accept_on_time_rate", "accepted_mom_change_pct"):
        assert key in row
    assert "截止时间" in body["definitions"]["on_time_rate"] and "基本满意" in body["definitions"]["satisfaction_rate"]
    assert "变化" in body["definitions"]["cohort"] and "同样天数" in body["definitions"]["partial"]
