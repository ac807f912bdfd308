"""Public revenue: entered per half-year with the net computed, posted a month, objections from
the project's owners only, the net spread over the units by area into the fund unless the owners
voted otherwise."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.errors import InvalidState
from funds import revenue
from funds.choices import EntryKind, RevenueDestination, RevenueStatus
from funds.models import LedgerEntry, RevenuePosting
from funds.split import split_by_weight
from owners.choices import MatterKind
from owners.models import Owner

from .fund_rolls import announced_vote, roll_with_account
from .owner_rolls import owner

LAST_HALF = (dt.date.today().year - 1, 2)


def enter(tree, users, **over):
    figures = {"advertising": "12000.00", "parking": "30500.50", "other_income": "0", "costs": "8000.25", **over}
    return revenue.enter(tree.project_a, actor=users.ent_a, year=LAST_HALF[0], half=LAST_HALF[1], **figures)


def test_net_is_income_less_costs_posted_a_month(tree, users, settings):
    posting = enter(tree, users)
    assert posting.net == Decimal("34500.25") and posting.status == RevenueStatus.POSTED
    assert posting.posted_until - posting.posted_at == dt.timedelta(days=settings.FUNDS_REVENUE_POSTING_DAYS)
    assert settings.FUNDS_REVENUE_POSTING_DAYS >= 30
    with pytest.raises(InvalidState):  # one posting per half-year
        enter(tree, users)
    with pytest.raises(InvalidState):  # a half-year not yet over
        revenue.enter(
            tree.project_a,
            actor=users.ent_a,
            year=dt.date.today().year + 1,
            half=1,
            advertising=1,
            parking=1,
            other_income=0,
            costs=0,
        )
    with pytest.raises(PermissionDenied):
        revenue.enter(
            tree.project_a, actor=users.ent_b, year=2020, half=1, advertising=1, parking=1, other_income=0, costs=0
        )


def test_net_goes_to_the_fund_by_area_after_the_posting(tree, users):
    account, units = roll_with_account(tree.project_a, ["89.55", "120.01", "64.33"], users.district_a)
    posting = enter(tree, users)
    mine = Owner.objects.filter(project=tree.project_a).first()
    revenue.object_to(posting, owner=mine, text="停车收入偏低")
    with pytest.raises(InvalidState):
        revenue.object_to(posting, owner=owner(tree.project_b, 55), text="不是本项目业主")
    with pytest.raises(InvalidState, match="公示期未满"):
        revenue.settle(posting, actor=users.district_a)
    RevenuePosting.objects.filter(pk=posting.pk).update(posted_until=timezone.now() - dt.timedelta(seconds=1))
    posting.refresh_from_db()
    with pytest.raises(InvalidState):  # objections close with the posting
        revenue.object_to(posting, owner=mine, text="晚了")
    assert revenue.settle_due() == 1
    got = dict(LedgerEntry.objects.filter(kind=EntryKind.REVENUE).values_list("unit", "amount"))
    assert got == split_by_weight(posting.net, {u.pk: u.area for u in sorted(units, key=lambda u: u.pk)})
    posting.refresh_from_db()
    assert posting.status == RevenueStatus.ALLOCATED
    assert revenue.settle_due() == 0


def test_owners_may_vote_another_destination(tree, users):
    roll_with_account(tree.project_a, ["90"], users.district_a)
    posting = enter(tree, users)
    with pytest.raises(InvalidState):
        revenue.decide_otherwise(posting, vote=announced_vote(tree.project_a, users.street_a), actor=users.street_a)
    vote = announced_vote(tree.project_a, users.street_a, kind=MatterKind.COMMON_PARTS)
    posting = revenue.decide_otherwise(posting, vote=vote, actor=users.street_a)
    assert posting.destination == RevenueDestination.OTHER
    RevenuePosting.objects.filter(pk=posting.pk).update(posted_until=timezone.now() - dt.timedelta(seconds=1))
    assert revenue.settle(posting, actor=users.district_a) == 0
    assert not LedgerEntry.objects.filter(kind=EntryKind.REVENUE).exists()
    posting.refresh_from_db()
    assert posting.status == RevenueStatus.SETTLED
