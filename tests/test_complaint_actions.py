"""The table of complaint actions (complaints.actions): the page and the API take each one through it."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from complaints import actions, workflow
from complaints.choices import EventType, Outcome, Status
from complaints.models import ComplaintEvent

from .factories import make_complaint


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _accepted(tree, users):
    return workflow.accept(make_complaint(tree.project_a), actor=users.district_a)


def _page(client, complaint, action, data=None):
    """POST one action on the complaint page; the complaint as it is afterwards, and the messages."""
    response = client.post(f"/complaints/{complaint.pk}/{action}/", data or {}, follow=True)
    assert response.redirect_chain[-1][0] == f"/complaints/{complaint.pk}/"
    complaint.refresh_from_db()
    return complaint, _messages(response)


def test_the_page_takes_every_action_of_the_table(tree, users, client_for):
    c = make_complaint(tree.project_a)
    officer = client_for(users.district_a)
    assert _page(officer, c, "accept")[0].status == Status.ACCEPTED
    assert _page(officer, c, "assign", {"kind": "region", "target": tree.a1.pk})[0].status == Status.ASSIGNED
    street = client_for(users.street_a)
    assert _page(street, c, "sign")[0].status == Status.SIGNED
    assert _page(street, c, "start", {"note": "已联系物业"})[0].status == Status.IN_PROGRESS
    assert _page(street, c, "answer", {"text": "已清运"})[0].status == Status.ANSWERED
    officer = client_for(users.district_a)
    c, shown = _page(officer, c, "send_back", {"note": "未附现场照片"})
    assert c.status == Status.IN_PROGRESS and shown == ["操作成功。"]
    street = client_for(users.street_a)
    assert _page(street, c, "answer", {"text": "已清运，附照片"})[0].status == Status.ANSWERED
    officer = client_for(users.district_a)
    assert _page(officer, c, "substantiate", {"value": "true"})[0].substantiated is True
    c, _shown = _page(officer, c, "close", {"outcome": Outcome.RESOLVED})
    assert (c.status, c.outcome) == (Status.CLOSED, Outcome.RESOLVED)
    sent_back = ComplaintEvent.objects.get(complaint=c, type=EventType.SENT_BACK)
    assert sent_back.note == "未附现场照片"

    rejected, _shown = _page(officer, make_complaint(tree.project_a), "reject", {"note": "不属于物业服务范围"})
    assert (rejected.status, rejected.reject_reason) == (Status.REJECTED, "不属于物业服务范围")
    main, duplicate = make_complaint(tree.project_a), make_complaint(tree.project_a)
    merged, _shown = _page(officer, duplicate, "merge", {"into": main.pk})
    assert (merged.status, merged.merged_into_id) == (Status.MERGED, main.pk)
    routed = make_complaint(tree.project_a, category_code="security", description="小区门岗形同虚设，外来人员随意进出")
    routed, _shown = _page(officer, routed, "route")
    assert (routed.status, routed.assignee_department) == (Status.ASSIGNED, users.police.department)


def test_the_page_explains_a_refusal_and_changes_nothing(tree, users, client_for):
    c = make_complaint(tree.project_a)
    officer = client_for(users.district_a)
    c, shown = _page(officer, c, "reject", {"note": " "})
    assert c.status == Status.SUBMITTED and shown == ["不予受理必须填写理由。"]
    c, shown = _page(officer, c, "assign", {"kind": "department", "target": users.police.department.pk})
    assert c.status == Status.SUBMITTED and shown == ["请选择承办单位。"]  # a department: through "route"
    c, shown = _page(officer, c, "route")  # cleaning belongs to no department
    assert c.status == Status.SUBMITTED and shown == ["该类别没有对应的主管部门。"]


def test_the_rule_is_asked_before_what_the_arguments_name_is_looked_up(tree, users, client_for):
    c = workflow.assign(_accepted(tree, users), actor=users.district_a, to=tree.ent_a)
    enterprise = client_for(users.ent_a)  # sees the complaint assigned to it, may not re-assign it
    nowhere = {"kind": "enterprise", "target": 2**40}
    assert enterprise.post(f"/complaints/{c.pk}/assign/", nowhere).status_code == 403
    assert enterprise.post(f"/api/v1/complaints/{c.pk}/assign/", nowhere).status_code == 403
    officer = client_for(users.district_a)
    assert officer.post(f"/complaints/{c.pk}/assign/", nowhere).status_code == 404
    assert officer.post(f"/api/v1/complaints/{c.pk}/assign/", nowhere).status_code == 404


def test_unknown_actions_are_not_found(tree, users, client_for):
    c = make_complaint(tree.project_a)
    officer = client_for(users.district_a)
    assert officer.post(f"/complaints/{c.pk}/reveal/", {}).status_code == 404
    assert officer.post(f"/api/v1/complaints/{c.pk}/route/", {}).status_code == 404  # the page's only


@pytest.mark.parametrize("name", sorted(actions.API_ACTIONS))
def test_every_api_action_of_the_table_has_its_endpoint(name):
    url = reverse(f"api:complaint-{name.replace('_', '-')}", kwargs={"pk": 1})
    assert url == f"/api/v1/complaints/1/{name.replace('_', '-')}/"


def test_the_api_takes_the_actions_with_their_bodies(tree, users, client_for):
    c = _accepted(tree, users)
    api = client_for(users.district_a)
    assigned = api.post(f"/api/v1/complaints/{c.pk}/assign/", {"kind": "enterprise", "target": tree.ent_a.pk})
    assert assigned.json()["status"] == "assigned"
    ent = client_for(users.ent_a)
    ent.post(f"/api/v1/complaints/{c.pk}/sign/", {})
    assert ent.post(f"/api/v1/complaints/{c.pk}/answer/", {"text": "已处理"}).json()["status"] == "answered"
    api = client_for(users.district_a)
    assert api.post(f"/api/v1/complaints/{c.pk}/send-back/", {}).status_code == 400  # the reason is required
    back = api.post(f"/api/v1/complaints/{c.pk}/send-back/", {"reason": "未附照片"}).json()
    assert back["status"] == "in_progress"
    ent = client_for(users.ent_a)
    ent.post(f"/api/v1/complaints/{c.pk}/answer/", {"text": "已处理，附照片"})
    api = client_for(users.district_a)
    assert api.post(f"/api/v1/complaints/{c.pk}/substantiate/", {"value": False}).json()["substantiated"] is False
    closed = api.post(f"/api/v1/complaints/{c.pk}/close/", {"outcome": Outcome.NOT_SUBSTANTIATED}).json()
    assert (closed["status"], closed["outcome"]) == ("closed", "not_substantiated")
    main, duplicate = make_complaint(tree.project_a), make_complaint(tree.project_a)
    assert api.post(f"/api/v1/complaints/{duplicate.pk}/merge/", {"into": main.pk}).json()["merged_into"] == main.pk
    other = make_complaint(tree.project_a)
    assert api.post(f"/api/v1/complaints/{other.pk}/reject/", {"reason": "重复"}).json()["status"] == "rejected"
