"""Demo owners' votes for ``seed_demo``: in the demo street officer's street, one vote announced
(its result on the project's public page) and one open (owners of the demo can sign in and vote,
officers follow it). Taken through the lifecycle functions with the clock set back, so that every
row is what the portal itself would have written; ballots are written in bulk while the vote is
open, as ``owners.ballots`` writes them."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.choices import Role
from accounts.models import User

from . import votes
from .ballots import RECEIPT_ALPHABET
from .choices import BallotChannel, Choice
from .models import Ballot, BallotChoice, RollEntry, Unit
from .models.ballots import RECEIPT_LENGTH


def _notice_sent(vote) -> None:
    """The notice's SMS went out when it was given (the demo sets the clock back)."""
    from django.contrib.contenttypes.models import ContentType

    from notifications.choices import NotificationStatus
    from notifications.models import Notification

    Notification.objects.filter(target_type=ContentType.objects.get_for_model(vote), target_id=vote.pk).update(
        status=NotificationStatus.SENT, sent_at=vote.noticed_at
    )


DAY = dt.timedelta(days=1)
ANNOUNCED = [("covenant", "修改《管理规约》第十二条（电动车停放管理）"), ("raise_fund", "续筹住宅专项维修资金")]
OPEN = [("manager", "续聘现物业服务企业，服务期三年"), ("common_parts", "利用小区东门广告位经营，收益计入维修资金")]


def _cast(vote, rng, share: float, agree: float) -> int:
    """Ballots for about ``share`` of the roll's voters, each voter's units alike."""
    matters = list(vote.matters.values_list("pk", flat=True))
    by_voter = {}
    for entry in RollEntry.objects.filter(vote=vote).order_by("pk"):
        by_voter.setdefault(entry.voter_id, []).append(entry)
    ballots, choices = [], []
    for entries in by_voter.values():
        if rng.random() >= share:
            continue
        answers = [
            Choice.AGREE if rng.random() < agree else rng.choice([Choice.DISAGREE, Choice.ABSTAIN]) for _ in matters
        ]
        for entry in entries:
            receipt = "".join(rng.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
            ballots.append(
                Ballot(
                    vote=vote,
                    unit_id=entry.unit_id,
                    channel=BallotChannel.ONLINE,
                    voter_id=entry.voter_id,
                    receipt=receipt,
                )
            )
            choices.append(answers)
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    BallotChoice.objects.bulk_create(
        (
            BallotChoice(ballot=b, matter_id=m, choice=c)
            for b, answers in zip(ballots, choices, strict=True)
            for m, c in zip(matters, answers, strict=True)
        ),
        batch_size=5000,
    )
    return len(ballots)


def seed_votes(ctx) -> None:
    officer = User.objects.filter(role=Role.STREET_OFFICER, username="street").first()
    if officer is None:
        return
    projects = list(
        Unit.objects.filter(project__region__path__startswith=officer.region.path)
        .values_list("project", flat=True)
        .order_by("project")
        .distinct()[:2]
    )
    if len(projects) < 2:
        return
    from projects.models import Project

    rng = random.Random(f"owner-votes-{ctx.seed}")
    now = timezone.now().replace(second=0, microsecond=0)
    first, second = Project.objects.filter(pk__in=projects).order_by("pk")
    # Announced: noticed 60 days ago, voting 40 to 33 days ago, objections over.
    vote = votes.draft(first, title="2026 年第一次业主大会会议", matters=ANNOUNCED, actor=officer)
    opened = now - 40 * DAY
    votes.give_notice(vote, opens_at=opened, closes_at=opened + 7 * DAY, actor=officer, now=now - 60 * DAY)
    _notice_sent(vote)
    votes.post_roll(vote, actor=officer)
    votes.open_vote(vote, now=opened)
    cast = _cast(vote, rng, share=0.8, agree=0.85)
    votes.close_vote(vote, now=opened + 7 * DAY)
    votes.publish_preliminary(vote, actor=officer, now=opened + 7 * DAY + dt.timedelta(hours=3))
    vote.refresh_from_db()
    votes.announce(vote, actor=officer, now=vote.objections_end_at)
    # Open: noticed 20 days ago, voting since 2 days, for 10 days.
    running = votes.draft(second, title="续聘物业服务企业及公共收益使用", matters=OPEN, actor=officer)
    opened = now - 2 * DAY
    votes.give_notice(running, opens_at=opened, closes_at=opened + 10 * DAY, actor=officer, now=now - 20 * DAY)
    _notice_sent(running)
    votes.post_roll(running, actor=officer)
    votes.open_vote(running, now=opened)
    cast_open = _cast(running, rng, share=0.35, agree=0.7)
    ctx.log(f"owners' votes: one announced ({cast} ballots), one open ({cast_open} ballots)")
