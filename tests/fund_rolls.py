"""Building blocks of the funds tests: a project's roll with an account and first deposits, and
an announced owners' vote that passed a matter."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from funds import ledger
from owners.choices import MatterKind, VoteStatus
from owners.models import Matter, MatterResult, Vote

from .owner_rolls import hold, owner, unit


def roll_with_account(project, areas, actor, *, developer_units=(), phone_of=None, posted_on=None):
    """Units ``101…`` with ``areas``, one owner each (a developer for ``developer_units``),
    an account at the default rate and the first deposits; returns the account and the units."""
    builder = owner(project, 900, name="建设单位") if developer_units else None
    units = []
    for n, area in enumerate(areas):
        u = unit(project, f"{101 + n}", area)
        if n in developer_units:
            hold(u, builder, developer=True)
        else:
            phone = (phone_of or {}).get(n, "")
            hold(u, owner(project, n + 1, phone=phone))
        units.append(u)
    account = ledger.open_account(project, actor=actor)
    ledger.record_first_deposits(account, actor=actor, posted_on=posted_on)
    return account, units


def announced_vote(project, actor, kind=MatterKind.USE_FUND, passed=True):
    """An announced vote of ``project`` with one matter of ``kind`` and its stored result."""
    now = timezone.now()
    vote = Vote.objects.create(
        project=project,
        title="使用维修资金",
        status=VoteStatus.ANNOUNCED,
        quorum_num=2,
        quorum_den=3,
        majority_num=1,
        majority_den=2,
        special_num=3,
        special_den=4,
        announced_at=now,
        created_by=actor,
    )
    matter = Matter.objects.create(vote=vote, position=1, kind=kind, title="维修电梯")
    zero = Decimal("0")
    MatterResult.objects.create(
        matter=matter,
        total_area=zero,
        total_heads=0,
        voting_area=zero,
        voting_heads=0,
        agree_area=zero,
        agree_heads=0,
        disagree_area=zero,
        disagree_heads=0,
        quorum_met=passed,
        passed=passed,
    )
    return vote
