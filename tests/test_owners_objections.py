"""Owners' objections to a vote's preliminary result: filed within the objection period, answered
once by the organiser (street or community) while the result is preliminary, the announcement
refused while one is unanswered; the staff page answers them, the owner sees the answer, the
public result page shows how many there were and how many are answered — never who."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import InvalidState
from owners import ballots, votes
from owners.choices import VoteEventType, VoteStatus
from owners.models import Objection, Vote

from .owner_rolls import choices_for, hold, open_vote_on, owner, unit
from .test_owners_signin import PHONE, sign_in

SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def preliminary(tree, users):
    """Project A: three owners (owner 1 with a phone), all voting; the result posted now."""
    p = tree.project_a
    people = [owner(p, n, phone=PHONE if n == 1 else "", name=f"业主姓名{n}") for n in range(1, 4)]
    for n, person in enumerate(people):
        hold(unit(p, f"10{n}", "90.50"), person)
    vote = open_vote_on(p, users.street_a)
    for person in people:
        ballots.cast_online(vote, owners=[person], choices=choices_for(vote, "agree"))
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=users.street_a, now=vote.closes_at + SECOND)
    vote.refresh_from_db()
    return vote, people


def test_objections_only_within_the_period_up_to_its_last_second(preliminary):
    vote, people = preliminary
    end = vote.objections_end_at
    assert end == vote.preliminary_at + dt.timedelta(days=7)
    votes.object_to(vote, owner=people[0], text="面积有误", now=end)
    with pytest.raises(InvalidState, match="异议期已过"):
        votes.object_to(vote, owner=people[1], text="晚了", now=end + SECOND)
    with pytest.raises(ValidationError):
        votes.object_to(vote, owner=people[1], text="   ", now=end)
    assert Objection.objects.filter(vote=vote).count() == 1


def test_an_objection_is_answered_once_by_the_organiser(preliminary, users):
    vote, people = preliminary
    objection = votes.object_to(vote, owner=people[0], text="102 的面积有误", now=vote.preliminary_at + SECOND)
    with pytest.raises(ValidationError, match="答复"):
        votes.answer_objection(objection, text=" ", actor=users.street_a)
    for outsider in (users.district_a, users.district_b, users.city, users.ent_a):
        with pytest.raises(PermissionDenied):
            votes.answer_objection(objection, text="x", actor=outsider)
    answered = votes.answer_objection(objection, text="已核对不动产登记，面积无误", actor=users.community_a)
    assert answered.answer == "已核对不动产登记，面积无误" and answered.answered_by == users.community_a
    assert answered.answered_at is not None
    with pytest.raises(InvalidState, match="已经答复"):
        votes.answer_objection(objection, text="再答复", actor=users.street_a)
    objection.refresh_from_db()
    assert objection.answer == "已核对不动产登记，面积无误"
    event = vote.events.get(type=VoteEventType.OBJECTION_ANSWERED)
    assert event.actor == users.community_a and event.note == objection.answer


def test_the_announcement_waits_for_the_period_and_every_answer(preliminary, users):
    vote, people = preliminary
    first = votes.object_to(vote, owner=people[0], text="异议一", now=vote.preliminary_at + SECOND)
    second = votes.object_to(vote, owner=people[1], text="异议二", now=vote.objections_end_at)
    votes.answer_objection(first, text="答复一", actor=users.street_a, now=vote.preliminary_at + 2 * SECOND)
    with pytest.raises(InvalidState, match="异议期尚未结束"):
        votes.announce(vote, actor=users.street_a, now=vote.objections_end_at - SECOND)
    with pytest.raises(InvalidState, match="1 条异议未答复"):
        votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.PRELIMINARY
    # An answer after the period's end, before the announcement, is still due and accepted.
    votes.answer_objection(second, text="答复二", actor=users.street_a, now=vote.objections_end_at + SECOND)
    votes.announce(vote, actor=users.street_a, now=vote.objections_end_at + 2 * SECOND)
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.ANNOUNCED


def test_without_objections_the_result_is_announced_at_the_period_end(preliminary, users):
    vote, _people = preliminary
    votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.ANNOUNCED


def test_no_answer_once_the_vote_is_suspended(preliminary, users):
    vote, people = preliminary
    objection = votes.object_to(vote, owner=people[0], text="程序违法", now=vote.preliminary_at + SECOND)
    votes.suspend(vote, reason="程序违法，中止", actor=users.district_a)
    with pytest.raises(InvalidState):
        votes.answer_objection(objection, text="晚了", actor=users.street_a)


def test_the_database_wants_an_answer_with_its_time(preliminary):
    vote, people = preliminary
    objection = votes.object_to(vote, owner=people[0], text="异议", now=vote.preliminary_at + SECOND)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.filter(pk=objection.pk).update(answer="只有答复没有时间")
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.filter(pk=objection.pk).update(answered_at=timezone.now())


def test_the_pages_answer_show_and_count_the_objections(preliminary, users, client, client_for):
    vote, people = preliminary
    votes.object_to(vote, owner=people[0], text="我的异议内容", now=vote.preliminary_at + SECOND)
    votes.object_to(vote, owner=people[1], text="第二条异议", now=vote.preliminary_at + SECOND)
    staff = client_for(users.street_a)
    page = staff.get(f"/self-governance/votes/{vote.pk}/").content.decode()
    assert "我的异议内容" in page and 'name="answer"' in page and "2 条未答复" in page
    assert "异议全部答复后才能公告结果" in page
    district_page = client_for(users.district_a).get(f"/self-governance/votes/{vote.pk}/").content.decode()
    assert "我的异议内容" in district_page and 'name="answer"' not in district_page
    first, second = vote.objections.order_by("pk")
    refused = client_for(users.district_a).post(
        f"/self-governance/votes/{vote.pk}/answer/", {"objection": first.pk, "answer": "x"}
    )
    assert refused.status_code == 403 and not Objection.objects.get(pk=first.pk).answer
    staff = client_for(users.street_a)  # one test client: signed in as the street again
    staff.post(f"/self-governance/votes/{vote.pk}/answer/", {"objection": first.pk, "answer": "已复核，无误"})
    assert Objection.objects.get(pk=first.pk).answer == "已复核，无误"
    empty = staff.post(f"/self-governance/votes/{vote.pk}/answer/", {"objection": second.pk, "answer": ""})
    assert not Objection.objects.get(pk=second.pk).answer and empty.status_code == 302

    public = client_for(None).get(f"/owner/votes/{vote.pk}/result/").content.decode()
    assert "提出异议 2 条，已答复 1 条" in public and "全部已答复" not in public
    for person in people:
        assert person.name not in public
    assert "我的异议内容" not in public

    sign_in(client)
    mine = client.get(f"/owner/votes/{vote.pk}/").content.decode()
    assert "我的异议内容" in mine and "已复核，无误" in mine and "第二条异议" not in mine

    votes.answer_objection(second, text="已复核", actor=users.street_a)
    public = client.get(f"/owner/votes/{vote.pk}/result/").content.decode()
    assert "提出异议 2 条，已答复 2 条" in public and "全部已答复" in public
