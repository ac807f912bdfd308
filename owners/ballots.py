"""Casting ballots: online by the signed-in owner, on paper by the organiser with a scan.

A unit is counted once, whatever the channel: one ballot per unit and vote (the database's
unique key), and a second one — online after paper, paper after online, a double click, a retry
— is refused with the first one's time and channel. No ballot is ever changed (the database
refuses it): there is no re-voting.

One owner's units are one head (``owners.counting``) and vote alike: the online ballot covers
every unit the owner votes for, and a paper ballot for a unit of an owner who has already voted
must say the same. Each cast takes a transaction-scoped advisory lock per head, so two casts for
the same owner (two phones, a phone and the organiser's desk) happen one after the other, while
different owners cast side by side. The vote row is read ``FOR SHARE``: a close waits for the
casts in flight, and no ballot lands after it.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.permissions import require

from .choices import BallotChannel, Choice, VoteEventType, VoteStatus
from .models import Ballot, BallotChoice, BallotScan, RollEntry, Vote, VoteEvent
from .models.ballots import RECEIPT_LENGTH

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_receipt() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def checked_choices(vote: Vote, choices: dict) -> dict[int, str]:
    """``{matter id: choice}`` for every matter of the vote and nothing else."""
    matters = set(vote.matters.values_list("pk", flat=True))
    if set(choices) != matters or any(c not in Choice.values for c in choices.values()):
        raise ValidationError(_("请对每一项表决事项选择同意、反对或弃权。"), code="choices")
    return dict(choices)


def _status_for_share(vote_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM owners_vote WHERE id = %s FOR SHARE", [vote_id])
        row = cursor.fetchone()
    return row[0] if row else ""


def _lock_heads(vote_id: int, heads) -> None:
    with connection.cursor() as cursor:
        for head in sorted(set(heads)):  # one order for every transaction: no deadlock
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [vote_id, head])


def _head_choices(vote_id: int, heads) -> dict[int, set]:
    """The choices already cast for each head's units: ``{head: {frozenset of (matter, choice)}}``."""
    found: dict[int, dict[int, set]] = {}
    units = dict(RollEntry.objects.filter(vote_id=vote_id, head__in=heads).values_list("unit_id", "head"))
    rows = BallotChoice.objects.filter(ballot__vote_id=vote_id, ballot__unit_id__in=units).values_list(
        "ballot_id", "ballot__unit_id", "matter_id", "choice"
    )
    for ballot_id, unit_id, matter_id, choice in rows:
        found.setdefault(units[unit_id], {}).setdefault(ballot_id, set()).add((matter_id, choice))
    return {head: {frozenset(v) for v in ballots.values()} for head, ballots in found.items()}


def _refuse_inconsistent(vote_id: int, heads, choices: dict[int, str]) -> None:
    wanted = frozenset(choices.items())
    for cast in _head_choices(vote_id, heads).values():
        if any(earlier != wanted for earlier in cast):
            raise InvalidState(_("同一业主的各套房屋应作出相同的表决意见，与已投选票不一致。"))


def _insert(vote: Vote, entries, choices, *, channel, entered_by=None, received_on=None) -> list[Ballot]:
    ballots = [
        Ballot(
            vote=vote,
            unit_id=entry.unit_id,
            channel=channel,
            voter_id=entry.voter_id,
            entered_by=entered_by,
            received_on=received_on,
            receipt=new_receipt(),
        )
        for entry in entries
    ]
    try:
        with transaction.atomic():
            Ballot.objects.bulk_create(ballots)
    except IntegrityError:
        raise InvalidState(_("该房屋已投票，不能重复投票。")) from None
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=b, matter_id=matter, choice=choice) for b in ballots for matter, choice in choices.items()
    )
    return ballots


def cast_online(vote: Vote, *, owners, choices: dict) -> list[Ballot]:
    """The signed-in owner's ballots, one per unit they vote for in this vote, all alike."""
    choices = checked_choices(vote, choices)
    with transaction.atomic():
        if _status_for_share(vote.pk) != VoteStatus.OPEN:
            raise InvalidState(_("表决不在投票期内。"))
        entries = list(RollEntry.objects.filter(vote=vote, voter__in=[o.pk for o in owners]))
        if not entries:
            raise InvalidState(_("您在本次表决名册上没有由您行使表决权的房屋。"))
        heads = {e.head for e in entries}
        _lock_heads(vote.pk, heads)
        voted = set(
            Ballot.objects.filter(vote=vote, unit__in=[e.unit_id for e in entries]).values_list("unit_id", flat=True)
        )
        pending = [e for e in entries if e.unit_id not in voted]
        if not pending:
            raise InvalidState(_("您已投票，不能重复投票或修改。"))
        _refuse_inconsistent(vote.pk, heads, choices)
        return _insert(vote, pending, choices, channel=BallotChannel.ONLINE)


def enter_paper(vote: Vote, *, unit, choices: dict, scan, received_on, actor) -> Ballot:
    """A paper ballot for ``unit`` entered by the organiser with its scan (a cleaned attachment,
    ``core.attachments``), received within the voting period."""
    require(actor, "owners.enter_paper_ballot", vote.project)
    choices = checked_choices(vote, choices)
    if scan is None:
        raise ValidationError(_("请上传书面选票的扫描件。"), code="scan_required")
    with transaction.atomic():
        vote = Vote.objects.get(pk=vote.pk)
        if _status_for_share(vote.pk) not in (VoteStatus.OPEN, VoteStatus.CLOSED):
            raise InvalidState(_("只能在投票期内或截止后、公示结果前录入书面选票。"))
        opened, closed = (timezone.localtime(t).date() for t in (vote.opens_at, vote.closes_at))
        if not opened <= received_on <= closed:
            raise ValidationError(_("书面选票应在投票期内收到（%(a)s 至 %(b)s）。") % {"a": opened, "b": closed})
        entry = RollEntry.objects.filter(vote=vote, unit=unit).first()
        if entry is None:
            raise InvalidState(_("该房屋不在本次表决名册上。"))
        _lock_heads(vote.pk, [entry.head])
        earlier = Ballot.objects.filter(vote=vote, unit=unit).first()
        if earlier is not None:
            raise InvalidState(
                _("该房屋已于 %(t)s 以%(c)s方式投票，本张书面选票不再计入。")
                % {"t": f"{timezone.localtime(earlier.created):%Y-%m-%d %H:%M}", "c": earlier.get_channel_display()}
            )
        _refuse_inconsistent(vote.pk, [entry.head], choices)
        (ballot,) = _insert(
            vote, [entry], choices, channel=BallotChannel.PAPER, entered_by=actor, received_on=received_on
        )
        BallotScan.store([scan], ballot=ballot, uploaded_by=actor)
        VoteEvent.objects.create(vote=vote, type=VoteEventType.PAPER_ENTERED, actor=actor, note=entry.label)
    return ballot


def by_receipt(code: str) -> Ballot | None:
    """The ballot a receipt code names (codes are typed: case and spaces forgiven)."""
    code = "".join(str(code or "").split()).upper()
    if len(code) != RECEIPT_LENGTH or not all(c in RECEIPT_ALPHABET for c in code):
        return None
    return Ballot.objects.select_related("vote__project").filter(receipt=code).first()
