import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from complaints import workflow
from complaints.choices import EventType, Feedback, Stage, Status
from complaints.models import Complaint, ComplaintEvent
from notifications.models import Notification

from .factories import make_complaint


@pytest.fixture
def complaint(tree):
    return make_complaint(tree.project_a)


def test_full_lifecycle_to_satisfied_close(tree, users, complaint):
    assert complaint.status == Status.SUBMITTED and complaint.stage == Stage.ACCEPT and complaint.due_at
    assert complaint.enterprise == tree.ent_a and complaint.region == tree.a1a
    c = workflow.accept(complaint, actor=users.district_a)
    c = workflow.assign(c, actor=users.district_a, to=tree.ent_a)
    assert (c.status, c.stage) == (Status.ASSIGNED, Stage.SIGN)
    assert Notification.objects.filter(recipient=users.ent_a, complaint=c).exists()
    c = workflow.sign(c, actor=users.ent_a)
    assert (c.status, c.stage) == (Status.SIGNED, Stage.ANSWER)
    c = workflow.start(c, actor=users.ent_a)
    c = workflow.answer(c, actor=users.ent_a, text="已清运完毕，并增加清运频次。")
    assert c.status == Status.ANSWERED and c.due_at is None
    c = workflow.set_substantiated(c, actor=users.street_a, substantiated=True)
    c = workflow.record_feedback(c, rating=Feedback.SATISFIED, comment="很及时")
    assert c.status == Status.CLOSED and c.closed_at and c.substantiated is True
    types = list(ComplaintEvent.objects.filter(complaint=c).values_list("type", flat=True))
    assert types == [
        EventType.SUBMITTED,
        EventType.ACCEPTED,
        EventType.ASSIGNED,
        EventType.SIGNED,
        EventType.STARTED,
        EventType.ANSWERED,
        EventType.SUBSTANTIATED,
        EventType.FEEDBACK,
        EventType.CLOSED,
    ]
    accepted = ComplaintEvent.objects.get(complaint=c, type=EventType.ACCEPTED)
    assert (accepted.actor, accepted.from_status, accepted.to_status) == (
        users.district_a,
        Status.SUBMITTED,
        Status.ACCEPTED,
    )


def test_unsatisfied_reopens_and_officer_reassigns(tree, users, complaint):
    c = workflow.assign(workflow.accept(complaint, actor=users.city), actor=users.city, to=tree.ent_a)
    c = workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已处理")
    c = workflow.record_feedback(c, rating=Feedback.UNSATISFIED, comment="并没有处理")
    assert c.status == Status.REOPENED and c.stage == Stage.ACCEPT
    c = workflow.assign(c, actor=users.city, to=tree.a1a)  # this time to the community
    assert c.status == Status.ASSIGNED and c.assignee_region == tree.a1a
    workflow.sign(c, actor=users.community_a)


def test_send_back_and_officer_close(tree, users, complaint):
    c = workflow.assign(workflow.accept(complaint, actor=users.city), actor=users.city, to=tree.ent_a)
    c = workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已处理")
    with pytest.raises(workflow.WorkflowError):
        workflow.send_back(c, actor=users.city, reason="")
    c = workflow.send_back(c, actor=users.city, reason="答复过于简单，请说明整改措施")
    assert (c.status, c.stage) == (Status.IN_PROGRESS, Stage.ANSWER)
    c = workflow.answer(c, actor=users.ent_a, text="已更换垃圾桶并每日两次清运")
    c = workflow.close(c, actor=users.district_a)
    assert c.status == Status.CLOSED


def test_reject_needs_reason_and_is_final(users, complaint):
    with pytest.raises(workflow.WorkflowError):
        workflow.reject(complaint, actor=users.district_a, reason="  ")
    c = workflow.reject(complaint, actor=users.district_a, reason="属于业主之间的民事纠纷")
    assert c.status == Status.REJECTED
    with pytest.raises(workflow.WorkflowError) as exc:
        workflow.accept(c, actor=users.district_a)
    assert "不予受理" in exc.value.messages[0] and exc.value.code == "invalid_state"


@pytest.mark.parametrize("who", ["district_b", "ent_a", "ent_b", "police"])
def test_only_officers_in_scope_accept(users, complaint, who):
    with pytest.raises(PermissionDenied):
        workflow.accept(complaint, actor=getattr(users, who))


@pytest.mark.parametrize("who", ["ent_b", "district_b", "police"])
def test_only_the_assignee_signs_and_answers(tree, users, complaint, who):
    c = workflow.assign(workflow.accept(complaint, actor=users.city), actor=users.city, to=tree.ent_a)
    with pytest.raises(PermissionDenied):
        workflow.sign(c, actor=getattr(users, who))


def test_department_routing_and_liaison_answers(tree, users):
    c = make_complaint(tree.project_a, category_code="security", description="小区门岗形同虚设，外来人员随意进出")
    department = workflow.route_department(c)
    assert department == users.police.department  # 治安巡防 belongs to 公安, found up the region tree
    c = workflow.assign(workflow.accept(c, actor=users.district_a), actor=users.district_a, to=department)
    assert Complaint.objects.visible_to(users.police).filter(pk=c.pk).exists()
    assert not Complaint.objects.visible_to(users.ent_a).filter(pk=c.pk).exists()
    c = workflow.answer(workflow.sign(c, actor=users.police), actor=users.police, text="已增派警力巡逻")
    assert c.status == Status.ANSWERED


def test_cannot_assign_to_a_street_elsewhere(tree, users, complaint):
    c = workflow.accept(complaint, actor=users.city)
    with pytest.raises(workflow.WorkflowError):
        workflow.assign(c, actor=users.city, to=tree.b1)


def test_enterprise_sees_only_its_assigned_complaints(tree, users, complaint):
    assert not Complaint.objects.visible_to(users.ent_a).exists()  # not assigned yet
    workflow.assign(workflow.accept(complaint, actor=users.city), actor=users.city, to=tree.ent_a)
    assert Complaint.objects.visible_to(users.ent_a).count() == 1
    assert not Complaint.objects.visible_to(users.ent_b).exists()
    assert not Complaint.objects.visible_to(users.district_b).exists()


def test_manager_at_intake_is_kept(tree, complaint):
    tree.project_a.enterprise = tree.ent_b
    tree.project_a.save()
    complaint.refresh_from_db()
    assert complaint.enterprise == tree.ent_a


def test_phone_reveal_is_recorded_and_limited_to_handling_officers(users, complaint):
    assert complaint.masked_phone == "138****1234"
    assert workflow.reveal_phone(complaint, actor=users.street_a) == "13812341234"
    assert ComplaintEvent.objects.filter(
        complaint=complaint, type=EventType.PHONE_REVEALED, actor=users.street_a
    ).exists()
    with pytest.raises(PermissionDenied):
        workflow.reveal_phone(complaint, actor=users.ent_a)


@pytest.mark.django_db(transaction=True)
def test_two_officers_at_once_one_wins(tree, users):
    complaint = make_complaint(tree.project_a)
    outcomes, barrier = [], threading.Barrier(2)

    def act(fn, **kwargs):
        barrier.wait()
        try:
            fn(complaint, **kwargs)
            outcomes.append("ok")
        except workflow.WorkflowError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(workflow.accept,), kwargs={"actor": users.district_a}),
        threading.Thread(target=act, args=(workflow.reject,), kwargs={"actor": users.city, "reason": "重复"}),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    loser = next(o for o in outcomes if o != "ok")
    assert "可能已被他人处理" in loser
    complaint.refresh_from_db()
    assert complaint.events.exclude(type=EventType.SUBMITTED).count() == 1  # no lost or double update


def test_pages_act_through_htmx_without_a_full_reload(tree, users, client_for):
    c = make_complaint(tree.project_a)
    officer = client_for(users.district_a)
    response = officer.post(f"/complaints/{c.pk}/accept/", {}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<div id="complaint-detail">') and "<html" not in html
    assert "操作成功" in html and "已受理" in html
    again = officer.post(f"/complaints/{c.pk}/accept/", {}, HTTP_HX_REQUEST="true").content.decode()
    assert "可能已被他人处理" in again
    plain = officer.post(f"/complaints/{c.pk}/assign/", {"kind": "enterprise", "target": tree.ent_a.pk})
    assert plain.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.ASSIGNED
    assert client_for(users.district_b).post(f"/complaints/{c.pk}/close/", {}).status_code == 404


def test_queue_filters_and_bulk_assign(tree, users, client_for):
    a = make_complaint(tree.project_a, category_code="elevator")
    b = make_complaint(tree.project_a)
    officer = client_for(users.district_a)
    listed = officer.get(f"/complaints/?enterprise_q={tree.ent_a.name}&status=submitted").context["object_list"]
    assert {x.pk for x in listed} == {a.pk, b.pk}
    assert [x.pk for x in officer.get(f"/complaints/?q={a.tracking_code}").context["object_list"]] == [a.pk]
    response = officer.post("/complaints/bulk-assign/", {"ids": [a.pk, b.pk], "enterprise": tree.ent_a.pk})
    assert response.status_code == 302
    assert set(Complaint.objects.values_list("status", flat=True)) == {Status.ASSIGNED}


def test_officer_registers_a_phone_complaint_on_the_staff_form(tree, users, client_for):
    from complaints.models import Category

    officer = client_for(users.district_a)
    data = {
        "project": tree.project_a.pk,
        "category": Category.objects.get(code="leak").pk,
        "channel": "phone",
        "urgency": "urgent",
        "description": "顶楼漏雨已经两周，物业一直不来修",
        "complainant_phone": "13700001111",
    }
    response = officer.post("/complaints/new/", data)
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == f"/complaints/{complaint.pk}/"
    assert (complaint.channel, complaint.urgency, complaint.created_by) == ("phone", "urgent", users.district_a)
    other = officer.post("/complaints/new/", {**data, "project": tree.project_b.pk})  # outside the district
    assert other.status_code == 200 and Complaint.objects.count() == 1
