import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.choices import Role
from core.errors import InvalidState
from inspections import draws, rectification, selfreports, workflow
from inspections.choices import InspectionStatus, OrderSource, OrderStatus, ReportStatus
from inspections.demo_standard import install_demo_standard
from inspections.models import Draw, Inspection, RectificationOrder, SelfReport, StandardItem, Summons

from .factories import UserFactory


@pytest.fixture
def standard(db):
    return install_demo_standard()


@pytest.fixture
def inspection(tree, users, standard):
    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a) for _ in range(2)]
    draw = Draw.objects.create(name="抽查", region=tree.a, project_count=1, created_by=users.district_a)
    draw.inspector_pool.set(inspectors)
    draws.execute(draw, actor=users.district_a)
    (made,) = workflow.create_for_draw(draw)
    assert workflow.create_for_draw(draw) == []  # idempotent
    made.lead, made.second = [made.inspectors.get(pk=pk) for pk in draw.results.get().inspectors]
    return made


def item(standard, code):
    return StandardItem.objects.get(category__standard=standard, code=code)


def test_score_is_computed_from_items_and_findings_become_orders(inspection, standard):
    assert inspection.total_points == Decimal("1000")  # a residential project: every item applies
    workflow.deduct(
        inspection, actor=inspection.lead, item=item(standard, "06.02"), points=5, reason="消防通道堆放杂物"
    )
    workflow.deduct(
        inspection,
        actor=inspection.second,
        item=item(standard, "08.03"),
        points="2.5",
        reason="垃圾未日产日清",
        rectify=False,
    )
    workflow.deduct(
        inspection, actor=inspection.lead, item=item(standard, "06.02"), points=6, reason="消防通道堆放杂物严重"
    )
    done = workflow.submit(inspection, actor=inspection.lead)
    assert (done.deducted, done.score, done.status) == (Decimal("8.5"), Decimal("991.5"), InspectionStatus.SUBMITTED)
    with pytest.raises(PermissionDenied, match="另一名检查人员"):
        workflow.countersign(done, actor=inspection.lead)  # not by the one who submitted
    done = workflow.countersign(done, actor=inspection.second)
    assert done.status == InspectionStatus.COUNTERSIGNED
    order = RectificationOrder.objects.get()
    assert order.source == OrderSource.INSPECTION and "消防通道堆放杂物严重" in order.issue
    assert order.enterprise == inspection.enterprise


def test_deduction_rules(inspection, standard, users):
    it = item(standard, "01.01")
    with pytest.raises(ValidationError):
        workflow.deduct(inspection, actor=inspection.lead, item=it, points=it.points + 1, reason="超出分值")
    with pytest.raises(ValidationError):
        workflow.deduct(inspection, actor=inspection.lead, item=it, points=1, reason=" ")
    with pytest.raises(PermissionDenied):
        workflow.deduct(inspection, actor=users.city, item=it, points=1, reason="不是检查人员")
    workflow.submit(inspection, actor=inspection.lead)
    with pytest.raises(ValidationError):
        workflow.deduct(inspection, actor=inspection.lead, item=it, points=1, reason="已提交")


def test_items_follow_the_project_type(inspection, standard):
    inspection.project.project_type = "school"
    inspection.project.save()
    decoration = item(standard, "11.01")
    with pytest.raises(ValidationError):
        workflow.deduct(inspection, actor=inspection.lead, item=decoration, points=1, reason="学校无装修管理项")
    assert workflow.submit(inspection, actor=inspection.lead).total_points == Decimal("945")


# --- rectification ledger ------------------------------------------------------------------------
def test_rectification_state_machine_with_overdue(tree, users):
    order = rectification.issue(
        project=tree.project_a, source=OrderSource.DOOR_TO_DOOR, issue="楼道灯不亮", days=3, actor=users.street_a
    )
    assert order.enterprise == tree.ent_a and order.due_at > timezone.now()
    with pytest.raises(PermissionDenied):
        rectification.answer(order, actor=users.ent_b, text="已修")
    with pytest.raises(ValidationError):
        rectification.close(order, actor=users.district_a)  # nothing reported yet
    order = rectification.answer(order, actor=users.ent_a, text="已更换灯具")
    order = rectification.reopen(order, actor=users.district_a, reason="照片不清晰")
    assert order.status == OrderStatus.REOPENED
    RectificationOrder.objects.filter(pk=order.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    assert rectification.sweep_overdue() == 1 and rectification.sweep_overdue() == 0
    order.refresh_from_db()
    assert order.is_overdue
    order = rectification.answer(order, actor=users.ent_a, text="已更换灯具并附清晰照片")
    order = rectification.close(order, actor=users.district_a, note="核验通过")
    assert order.status == OrderStatus.CLOSED and order.closed_at
    assert [e.type for e in order.events.all()] == ["issued", "answered", "reopened", "overdue", "answered", "closed"]


def test_rectification_deadline_counts_working_days(tree, users):
    order = rectification.issue(
        project=tree.project_a, source=OrderSource.OTHER, issue="x 问题", days=3, actor=users.city
    )
    tz = timezone.get_default_timezone()
    order.refresh_from_db()
    start = dt.datetime(2026, 2, 13, 16, 0, tzinfo=tz)  # across the Spring Festival with the make-up Saturday
    assert rectification.due(start, 3) == dt.datetime(2026, 2, 25, 16, 0, tzinfo=tz)


def test_ledger_scoping(tree, users):
    order = rectification.issue(
        project=tree.project_a, source=OrderSource.OTHER, issue="问题", days=5, actor=users.city
    )
    assert RectificationOrder.objects.visible_to(users.ent_a).get() == order
    assert not RectificationOrder.objects.visible_to(users.ent_b).exists()
    assert not RectificationOrder.objects.visible_to(users.district_b).exists()
    with pytest.raises(PermissionDenied):
        rectification.issue(
            project=tree.project_b, source=OrderSource.OTHER, issue="越权", days=5, actor=users.district_a
        )


def test_summons_with_follow_up_orders_visible_to_the_enterprise(tree, users):
    summons = rectification.record_summons(
        enterprise=tree.ent_a,
        person="张经理",
        held_on=dt.date(2026, 11, 20),
        reason="投诉量居高不下",
        outcome="限期整改",
        actor=users.district_a,
        region=tree.a,
    )
    rectification.issue(
        project=tree.project_a,
        source=OrderSource.SUMMONS,
        issue="制定投诉整改方案",
        days=10,
        actor=users.district_a,
        summons=summons,
    )
    assert Summons.objects.visible_to(users.ent_a).get().orders.count() == 1
    assert not Summons.objects.visible_to(users.ent_b).exists()
    with pytest.raises(PermissionDenied):
        rectification.record_summons(
            enterprise=tree.ent_a,
            person="x",
            held_on=dt.date(2026, 1, 1),
            reason="x",
            outcome="",
            actor=users.street_a,
            region=tree.a,
        )


# --- self-reports ----------------------------------------------------------------------------------
def full_scores(report):
    return {code: str(points) for code, points in selfreports._items(report).items()}


def test_self_report_cycle_submit_return_accept_and_compliance(tree, users, standard):
    assert selfreports.generate(2026, 3) == 2  # both managed projects
    assert selfreports.generate(2026, 3) == 0
    report = SelfReport.objects.get(project=tree.project_a, year=2026, quarter=3)
    assert report.due_date == dt.date(2026, 10, 15)
    scores = full_scores(report)
    with pytest.raises(ValidationError, match="未自评"):
        selfreports.submit(report, actor=users.ent_a, scores=dict(list(scores.items())[:10]), evidence="")
    too_high = {**scores, "01.01": "99"}
    with pytest.raises(ValidationError, match="之间"):
        selfreports.submit(report, actor=users.ent_a, scores=too_high, evidence="")
    with pytest.raises(PermissionDenied):
        selfreports.submit(report, actor=users.ent_b, scores=scores, evidence="")
    report = selfreports.submit(report, actor=users.ent_a, scores=scores, evidence="台账齐全")
    assert report.self_score == Decimal("1000") and report.late  # today is after the due date
    report = selfreports.return_for_correction(report, actor=users.district_a, reasons="佐证材料不足")
    assert report.status == ReportStatus.RETURNED
    report = selfreports.submit(report, actor=users.ent_a, scores=scores, evidence="补充了照片")
    report = selfreports.accept(report, actor=users.street_a)
    with pytest.raises(PermissionDenied):
        selfreports.accept(report, actor=users.district_b)
    figures = selfreports.compliance(2026, 3)
    assert figures["projects"][tree.project_a.pk] == {
        "due": 1,
        "on_time": 0,
        "late": 1,
        "accepted": 1,
        "returned": 1,
        "missing": 0,
    }
    assert figures["projects"][tree.project_b.pk]["missing"] == 1
    assert figures["enterprises"][tree.ent_b.pk]["missing"] == 1


def test_reminders_and_late_flags(tree, users, standard):
    selfreports.generate(2026, 4)  # due 2027-01-15
    assert selfreports.remind(days_before=5, today=dt.date(2027, 1, 1)) == 0
    assert selfreports.remind(days_before=5, today=dt.date(2027, 1, 12)) == 2
    assert selfreports.remind(days_before=5, today=dt.date(2027, 1, 13)) == 0  # once
    assert users.ent_a.notifications.filter(subject="自查自评即将到期").exists()
    assert selfreports.flag_late(today=dt.date(2027, 1, 16)) == 2
    assert SelfReport.objects.filter(late=True).count() == 2


def test_the_second_inspector_returns_it_with_a_reason_and_the_revised_one_is_countersigned(inspection, standard):
    from inspections.models import events_of

    first = item(standard, "06.02")
    workflow.deduct(inspection, actor=inspection.lead, item=first, points=5, reason="消防通道堆物")
    workflow.submit(inspection, actor=inspection.lead)
    with pytest.raises(PermissionDenied, match="另一名检查人员"):
        workflow.return_for_revision(inspection, actor=inspection.lead, reason="自己退回")
    with pytest.raises(ValidationError, match="理由"):
        workflow.return_for_revision(inspection, actor=inspection.second, reason="  ")
    returned = workflow.return_for_revision(inspection, actor=inspection.second, reason="扣分偏重，应扣 2 分")
    assert (returned.status, returned.return_reason) == (InspectionStatus.RETURNED, "扣分偏重，应扣 2 分")
    assert not RectificationOrder.objects.exists()  # nothing reaches the enterprise
    with pytest.raises(InvalidState):
        workflow.countersign(returned, actor=inspection.second)
    assert workflow.waiting_on(inspection.lead) == 1 and workflow.waiting_on(inspection.second) == 1
    deduction = returned.deductions.get()
    workflow.edit_deduction(deduction, actor=inspection.lead, points=2, reason="消防通道堆物（已核减）")
    resubmitted = workflow.submit(returned, actor=inspection.lead)
    assert (resubmitted.status, resubmitted.score) == (InspectionStatus.SUBMITTED, Decimal("998"))
    done = workflow.countersign(resubmitted, actor=inspection.second)
    with pytest.raises(InvalidState):
        workflow.return_for_revision(done, actor=inspection.second, reason="太晚")
    steps = [(e.type, e.note) for e in events_of(inspection) if e.type in ("returned", "submitted", "countersigned")]
    assert steps == [
        ("submitted", "995.0"),
        ("returned", "扣分偏重，应扣 2 分"),
        ("submitted", "998.0"),
        ("countersigned", ""),
    ]
    assert "消防通道堆物（已核减）" in RectificationOrder.objects.get().issue


def test_inspection_scoping(inspection, users, tree):
    assert Inspection.objects.visible_to(inspection.lead).filter(pk=inspection.pk).exists()
    assert not Inspection.objects.visible_to(users.district_b).exists()
    assert not Inspection.objects.visible_to(users.ent_a).exists()  # not before it is countersigned


def test_every_state_change_leaves_an_event(inspection, standard, users, tree):
    from inspections.models import events_of

    workflow.deduct(inspection, actor=inspection.lead, item=item(standard, "01.01"), points=1, reason="制度未上墙")
    workflow.submit(inspection, actor=inspection.lead)
    workflow.countersign(inspection, actor=inspection.second)
    trail = [(e.type, e.actor) for e in events_of(inspection)]
    assert trail == [
        ("created", None),
        ("deducted", inspection.lead),
        ("submitted", inspection.lead),
        ("countersigned", inspection.second),
    ]
    draw = inspection.draw_result.draw
    assert [e.type for e in events_of(draw)] == ["executed"]


def test_the_daily_self_report_job_opens_last_quarter_and_is_idempotent(tree, standard):
    from inspections.tasks import self_report_cycle

    today = timezone.localdate()
    last_end = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - dt.timedelta(days=1)
    first = self_report_cycle()
    assert first["created"] == 2
    assert SelfReport.objects.filter(year=last_end.year, quarter=(last_end.month - 1) // 3 + 1).count() == 2
    assert self_report_cycle()["created"] == 0
