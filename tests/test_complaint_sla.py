import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints import sla, workflow
from complaints.choices import EventType, Stage, Status
from complaints.duplicates import likely_duplicates
from complaints.models import Complaint, ComplaintEvent, SlaPolicy
from complaints.sla import deadline
from core.calendar import WorkCalendar
from core.models import CalendarDay

from .factories import ProjectFactory, make_complaint

TZ = dt.timezone(dt.timedelta(hours=8))


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


@pytest.mark.django_db
def test_answer_deadline_across_spring_festival_with_make_up_saturday():
    """Signed Fri 13 Feb 2026 16:00; 3 working days = 24 working hours (8 h a day):
    Fri 16–18 (2 h) + Sat 14 Feb, a make-up workday (8 h) + 15–23 Feb holiday + Tue 24 Feb (8 h)
    + Wed 25 Feb 9–12, 13–16 (6 h) → Wed 25 Feb 16:00."""
    assert CalendarDay.objects.get(date="2026-02-14").is_workday
    assert not CalendarDay.objects.get(date="2026-02-16").is_workday
    due = deadline(at(2026, 2, 13, 16, 0), Stage.ANSWER, "normal")
    assert due == at(2026, 2, 25, 16, 0)


@pytest.mark.django_db
def test_deadline_starting_outside_working_hours_and_urgent_policy():
    # Submitted Sunday 8 March 2026 22:00: the clock starts Monday 9:00; urgent acceptance = 2 h.
    assert deadline(at(2026, 3, 8, 22, 0), Stage.ACCEPT, "urgent") == at(2026, 3, 9, 11, 0)
    # The lunch break is not working time: 11:00 + 2 h → 14:00.
    assert deadline(at(2026, 3, 9, 11, 0), Stage.ACCEPT, "urgent") == at(2026, 3, 9, 14, 0)


@pytest.mark.django_db
def test_policy_is_data_an_administrator_can_change():
    SlaPolicy.objects.filter(stage=Stage.SIGN, urgency="normal").update(working_hours=Decimal("16"))
    assert deadline(at(2026, 3, 9, 9, 0), Stage.SIGN, "normal") == at(2026, 3, 10, 18, 0)


def test_calendar_defaults_to_monday_to_friday():
    cal = WorkCalendar({})
    assert cal.is_workday(dt.date(2030, 1, 7)) and not cal.is_workday(dt.date(2030, 1, 6))


def test_overdue_is_flagged_and_escalated_one_level_up(tree, users):
    c = make_complaint(tree.project_a)
    Complaint.objects.filter(pk=c.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    assert sla.sweep_overdue() == 1
    c.refresh_from_db()
    assert c.is_overdue and c.escalation_level == 1 and c.escalated_region == tree.a1  # community → street
    assert ComplaintEvent.objects.filter(complaint=c, type=EventType.ESCALATED).exists()
    assert sla.sweep_overdue() == 0  # running twice does no harm
    # A new stage starts a new clock and clears the flag; when that is missed too, one more level up.
    c = workflow.accept(c, actor=users.city)
    c = workflow.assign(c, actor=users.city, to=tree.ent_a)
    assert not c.is_overdue
    Complaint.objects.filter(pk=c.pk).update(due_at=timezone.now() - dt.timedelta(minutes=5))
    sla.sweep_overdue()
    c.refresh_from_db()
    assert c.escalated_region == tree.a and c.escalation_level == 2  # street → district
    assert users.district_a.notifications.filter(complaint=c).exists()


def test_answered_without_feedback_is_closed_after_the_configured_days(tree, users):
    c = make_complaint(tree.project_a)
    c = workflow.assign(workflow.accept(c, actor=users.city), actor=users.city, to=tree.ent_a)
    c = workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已处理")
    assert sla.auto_close_without_feedback(7) == 0
    Complaint.objects.filter(pk=c.pk).update(answered_at=timezone.now() - dt.timedelta(days=8))
    assert sla.auto_close_without_feedback(7) == 1
    c.refresh_from_db()
    assert c.status == Status.CLOSED and c.events.filter(type=EventType.AUTO_CLOSED).exists()


def test_likely_duplicates_use_text_similarity_within_the_window(tree, users):
    first = make_complaint(
        tree.project_a, category_code="elevator", description="3号楼电梯经常停运，困人两次，维保记录不公示"
    )
    twin = make_complaint(tree.project_a, category_code="leak", description="3号楼电梯经常停运困人，维保记录也不公示")
    other_text = make_complaint(tree.project_a, category_code="fees", description="物业费收取标准不透明，要求公示")
    elsewhere = make_complaint(
        ProjectFactory(region=tree.a1a),
        category_code="elevator",
        description="3号楼电梯经常停运，困人两次，维保记录不公示",
    )
    old = make_complaint(
        tree.project_a, category_code="fees", description="3号楼电梯经常停运，困人两次，维保记录不公示"
    )
    Complaint.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=90))
    found = list(likely_duplicates(first, users.district_a))
    assert found[0] == twin and twin.pk in {d.pk for d in found}
    assert other_text not in found and elsewhere not in found and old not in found
    assert not list(likely_duplicates(first, users.district_b))


def test_merge_links_both_and_the_merged_resident_gets_the_answer(tree, users, client):
    main = make_complaint(tree.project_a)
    dup = make_complaint(tree.project_a, complainant_phone="13900001111")
    dup = workflow.merge(dup, into=main, actor=users.district_a)
    assert dup.status == Status.MERGED and dup.merged_into == main and main.merged.get() == dup
    c = workflow.assign(workflow.accept(main, actor=users.city), actor=users.city, to=tree.ent_a)
    workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="垃圾已清运")
    assert dup.notifications.filter(channel="sms", body__contains="已答复").exists()
    client.post("/complaint/track/", {"code": dup.tracking_code, "phone_last4": "1111"})
    html = client.get(f"/complaint/track/{dup.tracking_code}/").content.decode()
    # The merged resident learns the main work order's number, never its resident's tracking code.
    assert "垃圾已清运" in html and main.work_order_no in html and main.tracking_code not in html


@pytest.mark.django_db
def test_saving_a_policy_or_calendar_day_refreshes_the_process_cache():
    assert deadline(at(2026, 3, 9, 9, 0), Stage.SIGN, "normal") == at(2026, 3, 9, 11, 0)  # fills the cache
    policy = SlaPolicy.objects.get(stage=Stage.SIGN, urgency="normal")
    policy.working_hours = Decimal("4")
    policy.save()
    assert deadline(at(2026, 3, 9, 9, 0), Stage.SIGN, "normal") == at(2026, 3, 9, 14, 0)
    CalendarDay.objects.create(date=dt.date(2026, 3, 9), is_workday=False, name="临时停工")
    assert deadline(at(2026, 3, 9, 9, 0), Stage.SIGN, "normal") == at(2026, 3, 10, 14, 0)


def test_a_deactivated_api_key_stops_working_at_once(tree, client):
    from complaints.models import ApiClient

    api_client, key = ApiClient.issue("12345", "12345")
    headers = {"HTTP_AUTHORIZATION": f"ApiKey {key}"}
    assert client.get("/api/channel/tickets/NONE/", **headers).status_code == 404  # authenticated
    api_client.is_active = False
    api_client.save()
    assert client.get("/api/channel/tickets/NONE/", **headers).status_code == 401


def _stepwise(calendar, start, hours):
    """The rule walked period by period (how the calendar computed it before its running total)."""
    tz = timezone.get_default_timezone()
    current, remaining, day = timezone.localtime(start, tz), dt.timedelta(hours=float(hours)), None
    day = current.date()
    while True:
        if calendar.is_workday(day):
            for begin, end in calendar.periods:
                seg_start = max(current, dt.datetime.combine(day, begin, tz))
                seg_end = dt.datetime.combine(day, end, tz)
                if seg_start >= seg_end:
                    continue
                if remaining <= seg_end - seg_start:
                    return seg_start + remaining
                remaining -= seg_end - seg_start
        day += dt.timedelta(days=1)
        current = dt.datetime.combine(day, dt.time.min, tz)


@settings(max_examples=400, deadline=None)
@given(
    offsets=st.lists(st.integers(0, 60 * 24 * 90), min_size=1, max_size=8),
    hours=st.lists(st.decimals("0", "120", places=1), min_size=1, max_size=8),
    holidays=st.sets(st.integers(0, 90), max_size=20),
    make_up=st.sets(st.integers(0, 90), max_size=5),
)
def test_the_running_total_adds_working_hours_as_the_period_walk_does(offsets, hours, holidays, make_up):
    first = dt.date(2026, 9, 1)
    exceptions = {first + dt.timedelta(days=d): False for d in holidays}
    exceptions |= {first + dt.timedelta(days=d): True for d in make_up}
    calendar = WorkCalendar(exceptions)  # one calendar for all: its total is reused and extended
    base = dt.datetime(2026, 9, 1, tzinfo=TZ)
    for offset in offsets:
        start = base + dt.timedelta(minutes=offset, microseconds=offset * 7)
        for h in hours:
            assert calendar.add_working_hours(start, h) == _stepwise(WorkCalendar(exceptions), start, h)
