"""The demo complaints' events, written by PostgreSQL from the complaints and their stage records
(complaints.demo_load): each complaint's history reads as the workflow writes it."""

import datetime as dt

import pytest
from django.db.models import F

from complaints.choices import EventType, Stage, Status
from complaints.models import Complaint, ComplaintEvent, StageRecord
from core import demo


@pytest.fixture
def seeded(db):
    ctx = demo.SeedContext(scale=demo.SCALES["small"], seed=7, scale_name="small")
    for step, _tables in demo.steps():
        step(ctx)
        if step.__module__ == "complaints.demo":
            break
    return ctx


def _histories():
    events = {}
    for e in ComplaintEvent.objects.order_by("id").values("complaint_id", "type", "created", "params", "public_note"):
        events.setdefault(e["complaint_id"], []).append(e)
    return events


def test_every_complaint_has_its_history_in_order(seeded):
    histories = _histories()
    complaints = list(Complaint.objects.all())
    assert len(complaints) == 1200 and set(histories) == {c.pk for c in complaints}
    for c in complaints:
        history = histories[c.pk]
        types = [e["type"] for e in history]
        moments = [e["created"] for e in history]
        assert moments == sorted(moments)  # numbered in the order they happened
        assert history[0]["type"] == EventType.SUBMITTED and history[0]["created"] == c.created
        assert (EventType.ACCEPTED in types) == (c.accepted_at is not None)
        assert (EventType.REJECTED in types) == (c.status == Status.REJECTED)
        assert (EventType.CLOSED in types) == (c.status == Status.CLOSED)
        if c.answered_at:
            answered = next(e for e in history if e["type"] == EventType.ANSWERED)
            assert answered["created"] == c.answered_at and answered["public_note"] == c.answer
        if c.feedback:
            rated = next(e for e in history if e["type"] == EventType.FEEDBACK)
            assert rated["params"] == {"rating": c.feedback}
            assert types.index(EventType.FEEDBACK) == types.index(EventType.CLOSED) - 1  # same moment, rated first


def test_a_reminder_for_each_stage_past_its_deadline(seeded):
    reminders = {
        (e["complaint_id"], e["params"]["stage"], e["params"]["due"])
        for e in ComplaintEvent.objects.filter(type=EventType.OVERDUE).values("complaint_id", "params")
    }
    local = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai
    finished_late = StageRecord.objects.filter(completed=True, ended_at__gt=F("due_at"))
    late = {(s.complaint_id, s.stage, f"{s.due_at.astimezone(local):%Y-%m-%d %H:%M}") for s in finished_late}
    assert late and late <= reminders
    on_time = StageRecord.objects.filter(completed=True, ended_at__lte=F("due_at"))
    assert not {(s.complaint_id, s.stage) for s in on_time} & {(c, s) for c, s, _ in reminders}
    signed = set(StageRecord.objects.filter(stage=Stage.SIGN, completed=True).values_list("complaint_id", "ended_at"))
    assert signed == set(ComplaintEvent.objects.filter(type=EventType.SIGNED).values_list("complaint_id", "created"))
