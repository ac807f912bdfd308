"""Owners' committees: every state transition and deadline, from eligibility to hand-over; who
may take each step; members ending and the community stepping in; the street's orders; the
daily sweep's reminders in the offices' inboxes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.calendar import WorkCalendar
from core.errors import InvalidState
from notifications.models import Notification
from owners import ballots, committee_members, committee_renewal, committee_sweep, committees, votes
from owners.choices_committees import CommitteeEventType, CommitteeState, DocumentKind, MemberEnd, Office
from owners.committee_stages import add_months, due_after
from owners.models import Committee, CommitteeMember, Ownership, Unit, Vote
from projects.choices import OwnersCommittee

from .owner_rolls import choices_for, hold, open_vote_on, owner, unit

DAY = dt.timedelta(days=1)
FIRST = [("rules", "业主大会议事规则"), ("covenant", "管理规约"), ("committee", "选举业主委员会")]


@pytest.fixture
def roll(tree):
    """Project A: nine owners with a unit of 100 m² each, seven delivered (77.8 %)."""
    p = tree.project_a
    people = [owner(p, n, name=f"业主{n}") for n in range(1, 10)]
    for n, person in enumerate(people):
        hold(unit(p, f"{n + 1:02d}01", "100", delivered=n < 7), person)
    return people


def _case(tree, users, today):
    committee = committees.open_case(tree.project_a, actor=users.street_a, today=today)
    return committees.apply(committee, actor=users.street_a, received_on=today, applicants=5)


def _group(tree, users, roll, committee, on):
    members = [(p.name, p, "") for p in roll[:3]] + [("社区代表", None, "杆石桥社区")]
    return committees.form_group(committee, actor=users.street_a, leader="街道代表", members=members, formed_on=on)


def _post_all(committee, users, on, kinds=("roll", "covenant_draft", "rules_draft", "candidates")):
    for kind in kinds:
        committees.post_document(committee, actor=users.street_a, kind=kind, title=f"公示 {kind}", posted_on=on)


def _meeting(tree, users, roll, matters=FIRST, agree=7):
    """An announced vote on ``matters``: ``agree`` of the nine owners agree to all."""
    vote = open_vote_on(tree.project_a, users.street_a, matters=matters, title="首次业主大会会议")
    for person in roll[:agree]:
        ballots.cast_online(vote, owners=[person], choices=choices_for(vote, "agree"))
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=users.street_a, now=vote.closes_at + dt.timedelta(hours=1))
    vote.refresh_from_db()
    votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    return Vote.objects.get(pk=vote.pk)


def _active(tree, users, roll, today):
    """A committee taken from eligibility to filing (seven members, chair and one vice)."""
    committee = _group(tree, users, roll, _case(tree, users, today), today)
    _post_all(committee, users, today)
    vote = open_vote_on(tree.project_a, users.street_a, matters=FIRST, title="首次业主大会会议")
    committees.hold_first_meeting(committee, vote=vote, actor=users.street_a, today=today)
    for person in roll[:7]:
        ballots.cast_online(vote, owners=[person], choices=choices_for(vote, "agree"))
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=users.street_a, now=vote.closes_at + dt.timedelta(hours=1))
    vote.refresh_from_db()
    votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    elected = timezone.localtime(vote.objections_end_at).date()
    committees.record_election(committee, actor=users.community_a, members=roll[:7], elected_on=elected)
    members = list(CommitteeMember.objects.filter(committee=committee, body="committee").order_by("pk"))
    committees.elect_officers(
        committee, actor=users.community_a, chair=members[0], vices=[members[1]], met_on=elected + 2 * DAY
    )
    return committees.accept_filing(committee, actor=users.district_a, filed_on=elected + 10 * DAY, reference="备 1 号")


def test_due_days_move_past_rest_days():
    calendar = WorkCalendar({})
    saturday = dt.date(2026, 3, 7)
    assert due_after(saturday - 7 * DAY, 7, calendar) == saturday + 2 * DAY  # to Monday
    assert due_after(dt.date(2026, 3, 2), 7, calendar) == dt.date(2026, 3, 9)
    assert add_months(dt.date(2024, 2, 29), 60) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2026, 5, 31), -3) == dt.date(2026, 2, 28)


def test_eligible_only_above_the_delivered_share(tree, users, roll, settings):
    today = timezone.localdate()
    Unit.objects.filter(project=tree.project_a).update(delivered=False)
    Unit.objects.filter(pk__in=Unit.objects.filter(project=tree.project_a).order_by("pk")[:4]).update(delivered=True)
    with pytest.raises(InvalidState, match="44.44"):
        committees.open_case(tree.project_a, actor=users.street_a, today=today)
    settings.OWNERS_COMMITTEE_ELIGIBLE_SHARE = 40  # a city's own number
    committee = committees.open_case(tree.project_a, actor=users.street_a, today=today)
    assert committee.state == CommitteeState.ELIGIBLE and committee.current_stage.office == Office.OWNERS
    with pytest.raises(InvalidState, match="已有业主委员会"):
        committees.open_case(tree.project_a, actor=users.street_a, today=today)


def test_the_sweep_opens_cases_for_eligible_projects_only(tree, users, roll):
    hold(unit(tree.project_b, "101", "100", delivered=False), owner(tree.project_b, 1))
    result = committee_sweep.sweep(today=timezone.localdate())
    assert result["eligible"] == 1
    assert list(Committee.objects.values_list("project", "state")) == [(tree.project_a.pk, "eligible")]
    assert committee_sweep.sweep(today=timezone.localdate())["eligible"] == 0


def test_application_and_group_with_their_deadlines(tree, users, roll):
    today = timezone.localdate()
    committee = _case(tree, users, today)
    stage = committee.current_stage
    assert committee.state == CommitteeState.APPLIED and stage.office == Office.STREET
    assert stage.due_on == due_after(today, 60)
    tree.project_a.refresh_from_db()
    assert tree.project_a.owners_committee == OwnersCommittee.PREPARING
    even = [(p.name, p, "") for p in roll[:3]]
    with pytest.raises(ValidationError, match="单数"):
        committees.form_group(committee, actor=users.street_a, leader="街道代表", members=even, formed_on=today)
    few = [(roll[0].name, roll[0], ""), ("派出所", None, ""), ("社区", None, ""), ("物业", None, "")]
    with pytest.raises(ValidationError, match="不少于一半"):
        committees.form_group(committee, actor=users.street_a, leader="街道代表", members=few, formed_on=today)
    with pytest.raises(PermissionDenied):
        committees.form_group(committee, actor=users.community_a, leader="x", members=even[:2], formed_on=today)
    committee = _group(tree, users, roll, committee, stage.due_on + DAY)  # one day late
    assert committee.state == CommitteeState.PREPARATION
    assert committee.current_stage.due_on == due_after(stage.due_on + DAY, 90)
    assert committee.events.get(type=CommitteeEventType.GROUP_FORMED).note == "逾期成立"
    leader = committee.members.get(role="leader")
    assert leader.name == "街道代表" and leader.affiliation == tree.a1.name
    assert committee.documents.get(kind=DocumentKind.GROUP_LIST).reference.startswith("街道代表、业主1")
    assert committee.stages.get(state=CommitteeState.APPLIED).late


def test_first_meeting_needs_posted_documents_answered_objections_and_the_matters(tree, users, roll):
    today = timezone.localdate()
    committee = _group(tree, users, roll, _case(tree, users, today), today)
    vote = open_vote_on(tree.project_a, users.street_a, matters=FIRST, title="首次业主大会会议")
    opens = timezone.localtime(vote.opens_at).date()
    _post_all(committee, users, today, kinds=("roll", "covenant_draft", "rules_draft"))
    committees.post_document(
        committee, actor=users.street_a, kind="candidates", title="候选人", posted_on=opens - 14 * DAY
    )
    with pytest.raises(ValidationError, match="15 日前"):
        committees.hold_first_meeting(committee, vote=vote, actor=users.street_a, today=today)
    committees.post_document(committee, actor=users.street_a, kind="candidates", title="候选人", posted_on=today)
    objection = committees.receive_objection(
        committee, actor=users.community_a, name="业主9", text_="候选人资格有误", received_on=today
    )
    assert objection.due_on == due_after(today, 7)
    with pytest.raises(InvalidState, match="未答复"):
        committees.hold_first_meeting(committee, vote=vote, actor=users.street_a, today=today)
    committees.answer_objection(objection, actor=users.street_a, answer="已核实", answered_on=today + DAY)
    other = open_vote_on(tree.project_a, users.street_a, matters=[("manager", "续聘")], title="续聘")
    with pytest.raises(ValidationError, match="管理规约"):
        committees.hold_first_meeting(committee, vote=other, actor=users.street_a, today=today)
    committees.hold_first_meeting(committee, vote=vote, actor=users.street_a, today=today)
    committee.refresh_from_db()
    assert committee.state == CommitteeState.FIRST_MEETING and committee.first_meeting == vote
    assert committee.current_stage.due_on == due_after(timezone.localtime(vote.closes_at).date(), 8)


def test_a_failed_meeting_goes_back_to_preparation(tree, users, roll):
    today = timezone.localdate()
    committee = _group(tree, users, roll, _case(tree, users, today), today)
    _post_all(committee, users, today)
    vote = open_vote_on(tree.project_a, users.street_a, matters=FIRST, title="首次业主大会会议")
    committees.hold_first_meeting(committee, vote=vote, actor=users.street_a, today=today)
    with pytest.raises(InvalidState):
        committees.meeting_failed(committee, actor=users.street_a, today=today)  # still open
    votes.suspend(vote, reason="公告有误", actor=users.district_a)
    with pytest.raises(InvalidState, match="尚未公告"):
        committees.record_election(committee, actor=users.street_a, members=roll[:5], elected_on=today)
    committees.meeting_failed(committee, actor=users.street_a, today=today)
    committee.refresh_from_db()
    assert committee.state == CommitteeState.PREPARATION


def test_election_officers_and_filing_with_their_deadlines(tree, users, roll):
    today = timezone.localdate()
    committee = _group(tree, users, roll, _case(tree, users, today), today)
    _post_all(committee, users, today)
    vote = open_vote_on(tree.project_a, users.street_a, matters=FIRST, title="首次业主大会会议")
    committees.hold_first_meeting(committee, vote=vote, actor=users.street_a, today=today)
    for person in roll[:7]:
        ballots.cast_online(vote, owners=[person], choices=choices_for(vote, "agree"))
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=users.street_a, now=vote.closes_at + dt.timedelta(hours=1))
    with pytest.raises(InvalidState, match="尚未公告"):
        committees.record_election(committee, actor=users.street_a, members=roll[:5], elected_on=today)
    vote.refresh_from_db()
    votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    elected = timezone.localtime(vote.objections_end_at).date()
    for wrong in (roll[:4], roll[:3], roll[:9] + [owner(tree.project_a, n) for n in range(30, 34)]):
        with pytest.raises(ValidationError, match="单数"):
            committees.record_election(committee, actor=users.street_a, members=wrong, elected_on=elected)
    stranger = owner(tree.project_b, 40)
    with pytest.raises(ValidationError, match="本项目"):
        committees.record_election(committee, actor=users.street_a, members=roll[:4] + [stranger], elected_on=elected)
    committees.record_election(committee, actor=users.street_a, members=roll[:5], elected_on=elected)
    committee.refresh_from_db()
    assert committee.state == CommitteeState.ELECTED and committee.seats == 5
    assert committee.current_stage.due_on == due_after(elected, 7)
    assert not committee.members.filter(body="group", ended_on__isnull=True).exists()
    members = list(committee.members.filter(body="committee").order_by("pk"))
    outsider = CommitteeMember.objects.filter(committee=committee, body="group").first()
    with pytest.raises(ValidationError, match="本届委员"):
        committees.elect_officers(committee, actor=users.street_a, chair=outsider, vices=[], met_on=elected)
    committees.elect_officers(
        committee, actor=users.street_a, chair=members[0], vices=[members[1]], met_on=elected + 8 * DAY
    )
    committee.refresh_from_db()
    assert committee.events.get(type=CommitteeEventType.OFFICERS).note == "逾期选举"
    assert committee.state == CommitteeState.FILING and committee.current_stage.due_on == due_after(elected, 30)
    with pytest.raises(PermissionDenied):
        committees.accept_filing(committee, actor=users.community_a, filed_on=elected, reference="x")
    with pytest.raises(PermissionDenied):
        committees.accept_filing(committee, actor=users.district_b, filed_on=elected, reference="x")
    late = committee.current_stage.due_on + DAY
    committees.accept_filing(committee, actor=users.district_a, filed_on=late, reference="市中备 7 号")
    committee.refresh_from_db()
    assert committee.state == CommitteeState.ACTIVE and committee.term_ends == add_months(elected, 60)
    assert committee.current_stage.due_on == add_months(committee.term_ends, -3)
    assert committee.events.get(type=CommitteeEventType.FILED).note == "逾期备案"
    tree.project_a.refresh_from_db()
    assert tree.project_a.owners_committee == OwnersCommittee.ESTABLISHED


def test_renewal_ordered_then_organised_by_the_community_and_handed_over(tree, users, roll):
    today = timezone.localdate()
    committee = _active(tree, users, roll, today)
    renewal_day = committee.current_stage.due_on
    with pytest.raises(InvalidState, match="尚未到换届时间"):
        committee_renewal.start_renewal(committee, actor=users.community_a, today=renewal_day - DAY)
    assert committee_sweep.sweep(today=renewal_day - DAY)["renewal_due"] == 0
    assert committee_sweep.sweep(today=renewal_day)["renewal_due"] == 1
    committee.refresh_from_db()
    stage = committee.current_stage
    assert committee.state == CommitteeState.RENEWAL_DUE and stage.office == Office.COMMITTEE
    assert stage.due_on == due_after(renewal_day, 30)
    with pytest.raises(PermissionDenied):
        committee_renewal.order_renewal(committee, actor=users.community_a, reason="x", today=stage.due_on)
    ordered_on = stage.due_on + DAY
    committee_renewal.order_renewal(committee, actor=users.street_a, reason="未按期换届", today=ordered_on)
    committee.refresh_from_db()
    assert committee.current_stage.due_on == due_after(ordered_on, 30)
    assert committee.documents.filter(kind=DocumentKind.CORRECTION, reference="未按期换届").exists()
    late = committee.current_stage.due_on + DAY
    successor = committee_renewal.start_renewal(committee, actor=users.community_a, today=late)
    assert successor.term == 2 and successor.predecessor == committee
    assert successor.current_stage.office == Office.COMMUNITY
    assert committee.events.filter(type=CommitteeEventType.COMMUNITY_ORGANISES).exists()
    _post_all(successor, users, today, kinds=("roll", "candidates"))
    vote = open_vote_on(tree.project_a, users.street_a, matters=[("committee", "换届选举")], title="换届")
    committees.hold_first_meeting(successor, vote=vote, actor=users.community_a, today=late)
    for person in roll[:7]:
        ballots.cast_online(vote, owners=[person], choices=choices_for(vote, "agree"))
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=users.street_a, now=vote.closes_at + dt.timedelta(hours=1))
    vote.refresh_from_db()
    votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    elected = late + 40 * DAY
    committees.record_election(successor, actor=users.community_a, members=roll[2:7], elected_on=elected)
    committee.refresh_from_db()
    assert committee.state == CommitteeState.HANDOVER
    assert committee.current_stage.due_on == due_after(elected, 10)
    committee_renewal.hand_over(
        committee, actor=users.community_a, handed_on=elected + 3 * DAY, inventory="档案 12 卷、印章 1 枚"
    )
    committee.refresh_from_db()
    assert committee.state == CommitteeState.ENDED and committee.current_stage is None
    assert not committee.members.filter(ended_on__isnull=True).exists()


def test_members_end_and_the_community_acts_below_half(tree, users, roll):
    today = timezone.localdate()
    committee = _active(tree, users, roll, today)
    members = list(committee.members.filter(body="committee").order_by("pk"))
    with pytest.raises(InvalidState, match="业主大会的决定"):
        committee_members.end_member(members[0], actor=users.community_a, reason=MemberEnd.ASSEMBLY)
    committee_members.end_member(members[0], actor=users.community_a, reason=MemberEnd.RESIGNED)
    committee_members.end_member(members[1], actor=users.street_a, reason=MemberEnd.ASSEMBLY, note="2026 年第 2 次")
    committee_members.end_member(members[2], actor=users.street_a, reason=MemberEnd.INCAPABLE)
    committee.refresh_from_db()
    assert not committee.community_acting  # four of seven still sit
    Ownership.objects.filter(owner=members[3].owner).delete()  # sold their flat
    assert committee_sweep.sweep(today=today)["members_ended"] == 1
    committee.refresh_from_db()
    assert committee.community_acting
    inbox = Notification.objects.filter(recipient=users.community_a, subject__startswith="居委会代行")
    assert inbox.count() == 1
    assert CommitteeMember.objects.get(pk=members[3].pk).end_reason == MemberEnd.NOT_OWNER


def test_the_street_orders_a_decision_corrected_with_a_reason(tree, users, roll):
    committee = _active(tree, users, roll, timezone.localdate())
    with pytest.raises(ValidationError, match="理由"):
        committee_members.order_correction(committee, actor=users.street_a, decision="续聘决定", reason=" ")
    with pytest.raises(PermissionDenied):
        committee_members.order_correction(committee, actor=users.district_a, decision="续聘决定", reason="程序违法")
    document = committee_members.order_correction(
        committee, actor=users.street_a, decision="续聘决定", reason="未经业主大会表决"
    )
    assert document.kind == DocumentKind.CORRECTION and document.public
    assert Notification.objects.filter(recipient=users.community_a, body__contains="未经业主大会表决").exists()


def test_reminders_before_and_after_each_deadline_once(tree, users, roll):
    today = timezone.localdate()
    committee = _case(tree, users, today)
    due = committee.current_stage.due_on
    assert committee_sweep.sweep(today=due - 6 * DAY)["reminded"] == 0
    assert committee_sweep.sweep(today=due - 5 * DAY)["reminded"] == 1
    assert committee_sweep.sweep(today=due - 4 * DAY)["reminded"] == 0  # once
    street = Notification.objects.filter(recipient=users.street_a, channel="inbox")
    assert street.count() == 1 and "即将到期" in street.get().subject
    assert committee_sweep.sweep(today=due)["overdue"] == 0
    assert committee_sweep.sweep(today=due + DAY)["overdue"] == 1
    assert committee_sweep.sweep(today=due + 2 * DAY)["overdue"] == 0
    overdue = Notification.objects.filter(subject__contains="逾期")
    assert set(overdue.values_list("recipient__username", flat=True)) == {"street_a", "district_a"}
    assert committee.events.filter(type=CommitteeEventType.OVERDUE).count() == 1


def test_an_unanswered_objection_is_reported_to_the_street(tree, users, roll):
    today = timezone.localdate()
    committee = _group(tree, users, roll, _case(tree, users, today), today)
    objection = committees.receive_objection(
        committee, actor=users.community_a, name="业主8", text_="名册面积有误", received_on=today
    )
    committee_sweep.sweep(today=objection.due_on)
    assert not Notification.objects.filter(subject__startswith="筹备异议").exists()
    committee_sweep.sweep(today=objection.due_on + DAY)
    committee_sweep.sweep(today=objection.due_on + 2 * DAY)
    assert Notification.objects.filter(recipient=users.street_a, subject__startswith="筹备异议").count() == 1


def test_steps_out_of_order_are_refused(tree, users, roll):
    today = timezone.localdate()
    committee = committees.open_case(tree.project_a, actor=users.street_a, today=today)
    with pytest.raises(InvalidState):
        _group(tree, users, roll, committee, today)
    with pytest.raises(InvalidState, match="筹备阶段"):
        committees.post_document(committee, actor=users.street_a, kind="candidates", title="x", posted_on=today)
    with pytest.raises(PermissionDenied):
        committees.apply(committee, actor=users.district_b, received_on=today, applicants=3)


def test_a_street_officer_takes_a_committee_from_application_to_filing_through_the_pages(tree, users, roll, client_for):
    p, today = tree.project_a, timezone.localdate()
    client = client_for(users.street_a)
    response = client.post("/self-governance/committees/start/", {"project": p.pk})
    committee = Committee.objects.get()
    url = f"/self-governance/committees/{committee.pk}/"
    assert response["Location"] == url and "登记业主书面申请" in client.get(url).content.decode()
    client.post(url + "apply/", {"received_on": f"{today}", "applicants": "6"})
    assert client_for(users.community_a).post(url + "group/", {"leader": "x"}).status_code == 403
    client = client_for(users.street_a)
    group = {"formed_on": f"{today}", "leader": "街道 王某", "owners": [o.pk for o in roll[:3]], "others": "李某，社区"}
    client.post(url + "group/", group)
    committee.refresh_from_db()
    assert committee.state == CommitteeState.PREPARATION and committee.members.count() == 5
    for kind in ("roll", "covenant_draft", "rules_draft", "candidates"):
        client.post(url + "document/", {"kind": kind, "title": f"公示{kind}", "posted_on": f"{today}"})
    vote = open_vote_on(p, users.street_a, matters=FIRST, title="首次业主大会会议")
    client.post(url + "meeting/", {"vote": vote.pk})
    committee.refresh_from_db()
    assert committee.state == CommitteeState.FIRST_MEETING
    for person in roll[:7]:
        ballots.cast_online(vote, owners=[person], choices=choices_for(vote, "agree"))
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=users.street_a, now=vote.closes_at + dt.timedelta(hours=1))
    vote.refresh_from_db()
    votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    four = {"elected_on": f"{today}", "members": [o.pk for o in roll[:4]]}
    page = client.get(client.post(url + "election/", four)["Location"]).content.decode()
    assert "单数" in page
    client.post(url + "election/", {"elected_on": f"{today}", "members": [o.pk for o in roll[:5]]})
    chair = committee.members.filter(body="committee").first()
    client.post(url + "officers/", {"met_on": f"{today}", "chair": chair.pk})
    assert client_for(users.district_b).post(url + "filing/", {}).status_code == 404
    client = client_for(users.district_a)
    client.post(url + "filing/", {"filed_on": f"{today}", "reference": "市中业备 2026-1"})
    committee.refresh_from_db()
    assert committee.state == CommitteeState.ACTIVE
    public = client_for(None).get(f"/compound/{p.code}/").content.decode()
    assert "业主委员会" in public and "市中业备 2026-1" in public and roll[0].name in public
    assert roll[0].masked_id not in public
    listing = client_for(users.district_a).get("/self-governance/committees/").content.decode()
    assert p.name in listing and tree.a1.name in listing
    assert p.name not in client_for(users.district_b).get("/self-governance/committees/").content.decode()


def test_coverage_per_street_with_renewals_overdue(tree, users, roll):
    from owners.committee_coverage import coverage

    committee = _active(tree, users, roll, timezone.localdate())
    renewal_day = committee.current_stage.due_on
    committee_sweep.sweep(today=renewal_day)
    committee.refresh_from_db()
    due = committee.current_stage.due_on
    rows = {r["name"]: r for r in coverage(users.city, today=due)}
    assert (rows[tree.a1.name]["established"], rows[tree.a1.name]["renewal_overdue"]) == (1, 0)
    assert (rows[tree.b1.name]["none"], rows[tree.b1.name]["established"]) == (1, 0)
    rows = {r["name"]: r for r in coverage(users.city, today=due + DAY)}
    assert rows[tree.a1.name]["renewal_overdue"] == 1
    assert [r["name"] for r in coverage(users.district_b, today=due)] == [tree.b1.name]
