"""The lifecycle of an owners' vote: every transition and deadline, who may take each, the roll
frozen at the opening, ballots and results never changed (refused by the database)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core.errors import InvalidState
from core.final import FinalRecordError, is_final_violation
from notifications.models import Notification
from owners import ballots, votes
from owners.choices import VoteEventType, VoteStatus
from owners.models import Ballot, BallotChoice, MatterResult, Objection, RollEntry, Unit, Vote

from .owner_rolls import choices_for, hold, open_vote_on, owner, unit

DAY = dt.timedelta(days=1)


@pytest.fixture
def roll(tree):
    """Four owners with a unit each in project A (two with phones), and owner 1's second unit."""
    p = tree.project_a
    people = [owner(p, n, phone=f"1380000000{n}" if n < 2 else "") for n in range(4)]
    for n, person in enumerate(people):
        hold(unit(p, f"10{n}", "100"), person)
    hold(unit(p, "201", "50"), people[1])
    return people


def _draft(tree, users, **over):
    return votes.draft(
        tree.project_a, title="续聘物业", matters=[("manager", "续聘物业服务企业")], actor=users.street_a, **over
    )


def test_the_whole_lifecycle_with_its_deadlines(tree, users, roll):
    now = timezone.now()
    vote = _draft(tree, users)
    assert vote.status == VoteStatus.DRAFT and (vote.quorum_num, vote.quorum_den) == (2, 3)
    with pytest.raises(ValidationError, match="至少 15 日"):
        votes.give_notice(vote, opens_at=now + 14 * DAY, closes_at=now + 20 * DAY, actor=users.street_a, now=now)
    opens = now + 15 * DAY
    votes.give_notice(vote, opens_at=opens, closes_at=opens + 7 * DAY, actor=users.street_a, now=now)
    sms = Notification.objects.filter(channel="sms", address__in=["13800000000", "13800000001"])
    assert sms.count() == 2 and "续聘物业" in sms.first().body
    assert {n.kind for n in sms} == {"vote_notice"} and sms.first().params["title"] == "续聘物业"
    with pytest.raises(InvalidState):
        votes.open_vote(vote, now=opens)  # the roll is not posted
    assert votes.post_roll(vote, actor=users.street_a) == 5
    assert votes.advance(now=opens - DAY) == {"opened": 0, "closed": 0}
    assert votes.advance(now=opens) == {"opened": 1, "closed": 0}
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN
    for person in roll[:3]:
        ballots.cast_online(vote, owners=[person], choices=choices_for(vote, "agree"))
    assert votes.advance(now=opens + 7 * DAY) == {"opened": 0, "closed": 1}
    vote.refresh_from_db()
    assert vote.status == VoteStatus.CLOSED and vote.result_due_at > vote.closed_at
    # One working day: 8 working hours later, never before the next working day's same hour.
    assert vote.result_due_at - vote.closed_at >= dt.timedelta(hours=8)
    (result,) = votes.publish_preliminary(vote, actor=users.street_a, now=vote.closed_at + dt.timedelta(hours=1))
    vote.refresh_from_db()
    assert result.passed and vote.status == VoteStatus.PRELIMINARY
    assert vote.objections_end_at == vote.preliminary_at + 7 * DAY
    votes.object_to(vote, owner=roll[3], text="计票有误", now=vote.preliminary_at + DAY)
    with pytest.raises(InvalidState, match="异议期尚未结束"):
        votes.announce(vote, actor=users.street_a, now=vote.preliminary_at + 6 * DAY)
    with pytest.raises(InvalidState, match="异议期已过"):
        votes.object_to(vote, owner=roll[3], text="晚了", now=vote.objections_end_at + DAY)
    with pytest.raises(InvalidState, match="未答复"):
        votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    votes.answer_objection(vote.objections.get(), text="已复核，计票无误", actor=users.street_a)
    votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    votes.archive(Vote.objects.get(pk=vote.pk), actor=users.street_a)
    vote.refresh_from_db()
    assert vote.status == VoteStatus.ARCHIVED and Objection.objects.filter(vote=vote).count() == 1
    assert list(vote.events.values_list("type", flat=True)) == [
        VoteEventType.CREATED,
        VoteEventType.NOTICED,
        VoteEventType.ROLL_POSTED,
        VoteEventType.OPENED,
        VoteEventType.CLOSED,
        VoteEventType.PRELIMINARY,
        VoteEventType.OBJECTION_ANSWERED,
        VoteEventType.ANNOUNCED,
        VoteEventType.ARCHIVED,
    ]


def test_a_late_preliminary_result_is_recorded_as_late(tree, users, roll):
    vote = open_vote_on(tree.project_a, users.street_a)
    votes.close_vote(vote, now=vote.closes_at)
    vote.refresh_from_db()
    votes.publish_preliminary(vote, actor=users.street_a, now=vote.result_due_at + dt.timedelta(minutes=1))
    assert vote.events.get(type=VoteEventType.PRELIMINARY).note == "逾期公示"


def test_a_vote_without_quorum_is_extended_once_with_a_reason(tree, users, roll):
    vote = open_vote_on(tree.project_a, users.street_a)
    ballots.cast_online(vote, owners=[roll[0]], choices=choices_for(vote, "agree"))
    with pytest.raises(InvalidState, match="尚未到投票截止时间"):
        votes.close_vote(vote, now=vote.closes_at - DAY)
    votes.close_vote(vote, now=vote.closes_at)
    with pytest.raises(ValidationError, match="理由"):
        votes.extend(vote, until=vote.closes_at + 3 * DAY, reason=" ", actor=users.street_a)
    with pytest.raises(ValidationError, match="晚于原截止时间"):
        votes.extend(vote, until=vote.closes_at, reason="参与不足三分之二", actor=users.street_a)
    votes.extend(vote, until=vote.closes_at + 3 * DAY, reason="参与不足三分之二", actor=users.street_a)
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN and vote.extended_from is not None
    votes.close_vote(vote, now=vote.closes_at)
    with pytest.raises(InvalidState, match="只能延长一次"):
        votes.extend(vote, until=vote.closes_at + 6 * DAY, reason="再延", actor=users.street_a)


def test_no_extension_once_the_quorum_is_reached(tree, users, roll):
    vote = open_vote_on(tree.project_a, users.street_a)
    for person in roll[:3]:
        ballots.cast_online(vote, owners=[person], choices=choices_for(vote, "agree"))
    votes.close_vote(vote, now=vote.closes_at)
    with pytest.raises(InvalidState, match="已达到法定比例"):
        votes.extend(vote, until=vote.closes_at + 3 * DAY, reason="想延长", actor=users.street_a)


def test_the_roll_cannot_be_posted_incomplete_and_is_frozen_at_the_opening(tree, users, roll):
    now = timezone.now()
    unit(tree.project_a, "999", "70")  # no owner
    vote = _draft(tree, users)
    votes.give_notice(vote, opens_at=now + 16 * DAY, closes_at=now + 20 * DAY, actor=users.street_a, now=now)
    with pytest.raises(ValidationError, match="没有业主或未指定表决人"):
        votes.post_roll(vote, actor=users.street_a)
    Unit.objects.filter(number="999").delete()
    votes.post_roll(vote, actor=users.street_a)
    votes.post_roll(vote, actor=users.street_a)  # again, after a correction: still one entry per unit
    assert RollEntry.objects.filter(vote=vote).count() == 5
    assert set(RollEntry.objects.filter(vote=vote).values_list("label", flat=True)) >= {"1号楼1单元101"}
    votes.open_vote(vote, now=now + 16 * DAY)
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        RollEntry.objects.filter(vote=vote).update(area=Decimal("1"))
    assert is_final_violation(refused.value)


def test_ballots_and_results_are_never_changed(tree, users, roll):
    vote = open_vote_on(tree.project_a, users.street_a)
    (ballot,) = ballots.cast_online(vote, owners=[roll[0]], choices=choices_for(vote, "agree"))
    with pytest.raises(InvalidState, match="不能重复投票"):
        ballots.cast_online(vote, owners=[roll[0]], choices=choices_for(vote, "disagree"))
    for statement in (
        lambda: Ballot.objects.filter(pk=ballot.pk).update(channel="paper"),
        lambda: Ballot.objects.filter(pk=ballot.pk)._raw_delete("default"),
        lambda: BallotChoice.objects.filter(ballot=ballot).update(choice="disagree"),
        lambda: BallotChoice.objects.filter(ballot=ballot).delete(),
    ):
        with pytest.raises(DatabaseError) as refused, transaction.atomic():
            statement()
        assert is_final_violation(refused.value)
    with connection.cursor() as cursor, pytest.raises(DatabaseError), transaction.atomic():
        cursor.execute("UPDATE owners_ballotchoice SET choice = 'disagree'")
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=users.street_a)
    with pytest.raises(DatabaseError), transaction.atomic():
        MatterResult.objects.update(passed=True)
    assert BallotChoice.objects.get(ballot=ballot).choice == "agree"


def test_no_ballot_outside_the_voting_period_even_by_sql(tree, users, roll):
    vote = _draft(tree, users)
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        Ballot.objects.create(vote=vote, unit=Unit.objects.first(), channel="online", voter=roll[0], receipt="X" * 12)
    assert is_final_violation(refused.value)


def test_an_announced_vote_is_final(tree, users, roll):
    vote = open_vote_on(tree.project_a, users.street_a)
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=users.street_a, now=vote.closes_at)
    vote.refresh_from_db()
    votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    vote.refresh_from_db()
    vote.title = "改名"
    with pytest.raises(FinalRecordError):
        vote.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        Vote.objects.filter(pk=vote.pk).update(title="改名")
    with pytest.raises(InvalidState):
        votes.suspend(vote, reason="太晚", actor=users.district_a)


@pytest.mark.parametrize("status_step", ["noticed", "open", "closed", "preliminary"])
def test_the_street_or_district_suspends_with_a_reason(tree, users, roll, status_step):
    vote = open_vote_on(tree.project_a, users.street_a) if status_step != "noticed" else None
    if vote is None:
        now = timezone.now()
        vote = _draft(tree, users)
        votes.give_notice(vote, opens_at=now + 16 * DAY, closes_at=now + 20 * DAY, actor=users.street_a, now=now)
    if status_step in ("closed", "preliminary"):
        votes.close_vote(vote, now=vote.closes_at)
    if status_step == "preliminary":
        votes.publish_preliminary(vote, actor=users.street_a)
    with pytest.raises(PermissionDenied):
        votes.suspend(vote, reason="程序违规", actor=users.community_a)
    with pytest.raises(PermissionDenied):
        votes.suspend(vote, reason="程序违规", actor=users.district_b)
    with pytest.raises(ValidationError):
        votes.suspend(vote, reason="", actor=users.district_a)
    votes.suspend(vote, reason="公告期不足，程序违规", actor=users.district_a)
    vote.refresh_from_db()
    assert vote.status == VoteStatus.SUSPENDED and vote.suspension_reason == "公告期不足，程序违规"
    if status_step == "open":
        with pytest.raises(InvalidState):
            ballots.cast_online(vote, owners=[roll[0]], choices=choices_for(vote, "agree"))


@pytest.mark.parametrize("who", ["district_a", "city", "district_b", "police", "ent_a"])
def test_only_the_street_and_community_organise(tree, users, roll, who):
    with pytest.raises(PermissionDenied):
        votes.draft(tree.project_a, title="表决", matters=[("manager", "续聘")], actor=getattr(users, who))


@pytest.mark.parametrize(
    "matters, message",
    [
        ([], "至少需要一项"),
        ([("martian", "事项")], "类别"),
        ([("manager", "")], "类别"),
        ([("manager", "长" * 201)], "200"),
    ],
)
def test_a_draft_needs_proper_matters(tree, users, matters, message):
    with pytest.raises(ValidationError, match=message):
        votes.draft(tree.project_a, title="表决", matters=matters, actor=users.street_a)


def test_thresholds_come_from_the_settings_when_drafted(tree, users, settings, roll):
    settings.OWNERS_VOTE_SPECIAL = "4/5"
    vote = _draft(tree, users)
    settings.OWNERS_VOTE_SPECIAL = "3/4"
    assert (vote.special_num, vote.special_den) == (4, 5)


def test_paper_ballots_need_a_scan_and_a_date_in_the_period(tree, users, roll):
    from django.core.files.base import ContentFile

    from core.attachments import CleanAttachment

    vote = open_vote_on(tree.project_a, users.street_a)
    u = Unit.objects.get(number="100")
    scan = CleanAttachment(ContentFile(b"%PDF-1.4\n%%EOF\n", name="s"), "application/pdf", "选票.pdf")
    with pytest.raises(ValidationError, match="扫描件"):
        ballots.enter_paper(
            vote,
            unit=u,
            choices=choices_for(vote, "agree"),
            scan=None,
            received_on=vote.opens_at.date(),
            actor=users.street_a,
        )
    with pytest.raises(ValidationError, match="投票期内收到"):
        ballots.enter_paper(
            vote,
            unit=u,
            choices=choices_for(vote, "agree"),
            scan=scan,
            received_on=vote.opens_at.date() - DAY,
            actor=users.street_a,
        )
    with pytest.raises(PermissionDenied):
        ballots.enter_paper(
            vote,
            unit=u,
            choices=choices_for(vote, "agree"),
            scan=scan,
            received_on=vote.opens_at.date(),
            actor=users.district_a,
        )
    ballot = ballots.enter_paper(
        vote,
        unit=u,
        choices=choices_for(vote, "agree"),
        scan=scan,
        received_on=vote.opens_at.date(),
        actor=users.street_a,
    )
    assert ballot.channel == "paper" and ballot.scan.file.name.startswith("ballots/")
    assert ballot.scan.content_type == "application/pdf" and ballot.scan.uploaded_by == users.street_a
    assert ballots.by_receipt(ballot.receipt.lower()) == ballot
    assert ballots.by_receipt("=1+1") is None and ballots.by_receipt("Ｘ" * 12) is None
