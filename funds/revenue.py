"""Public revenue (公共收益): the enterprise enters each half-year's income from the common parts
with its costs and net; the posting stays on the project's public page at least
``FUNDS_REVENUE_POSTING_DAYS``; owners may object meanwhile; when the period ends the net goes to
the maintenance fund, spread over the units by area, unless the owners voted otherwise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import InvalidState
from core.permissions import require
from owners.choices import MatterKind, VoteStatus
from owners.models import MatterResult, Unit

from .choices import EntryKind, RevenueDestination, RevenueStatus
from .ledger import voters
from .models import FundAccount, LedgerEntry, RevenueObjection, RevenuePosting
from .split import split_by_weight


def half_ended(year: int, half: int) -> bool:
    end = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
    return end < timezone.localdate()


@transaction.atomic
def enter(project, *, actor, year, half, advertising, parking, other_income, costs, other_note="", cost_note=""):
    """The half-year's figures, posted at once (the net is computed, never typed)."""
    require(actor, "funds.enter_revenue", project)
    if not half_ended(year, half):
        raise InvalidState(_("该半年度尚未结束，不能填报。"))
    if RevenuePosting.objects.filter(project=project, year=year, half=half).exists():
        raise InvalidState(_("该半年度的公共收益已经填报。"))
    amounts = [Decimal(a) for a in (advertising, parking, other_income, costs)]
    net = amounts[0] + amounts[1] + amounts[2] - amounts[3]
    now = timezone.now()
    posting = RevenuePosting.objects.create(
        project=project,
        year=year,
        half=half,
        advertising=amounts[0],
        parking=amounts[1],
        other_income=amounts[2],
        other_note=other_note,
        costs=amounts[3],
        cost_note=cost_note,
        net=net,
        status=RevenueStatus.POSTED,
        posted_at=now,
        posted_until=now + dt.timedelta(days=settings.FUNDS_REVENUE_POSTING_DAYS),
        created_by=actor,
    )
    audit.record("funds.revenue.posted", actor=actor, object_repr=posting, net=str(net))
    return posting


def object_to(posting: RevenuePosting, *, owner, text: str) -> RevenueObjection:
    if posting.status != RevenueStatus.POSTED or timezone.now() > posting.posted_until:
        raise InvalidState(_("公示期已结束，不能再提出异议。"))
    if owner.project_id != posting.project_id:
        raise InvalidState(_("只有本项目的业主可以提出异议。"))
    return RevenueObjection.objects.create(posting=posting, owner=owner, text=text)


def answer(objection: RevenueObjection, *, actor, text: str) -> RevenueObjection:
    require(actor, "funds.settle_revenue", objection.posting)
    objection.answer = text
    objection.save(update_fields=["answer"])
    audit.record("funds.revenue.answered", actor=actor, object_repr=objection.posting, objection=objection.pk)
    return objection


@transaction.atomic
def decide_otherwise(posting: RevenuePosting, *, vote, actor) -> RevenuePosting:
    """The owners voted another use of the net (an announced vote of the project that passed a
    matter on the common parts or another major matter)."""
    require(actor, "funds.settle_revenue", posting)
    if posting.status != RevenueStatus.POSTED:
        raise InvalidState(_("只有公示中的公共收益可以改变去向。"))
    passed = MatterResult.objects.filter(
        matter__vote=vote, matter__kind__in=[MatterKind.COMMON_PARTS, MatterKind.OTHER], passed=True
    )
    if vote.project_id != posting.project_id or vote.status not in (VoteStatus.ANNOUNCED, VoteStatus.ARCHIVED):
        raise InvalidState(_("须为本项目已公告结果的业主大会表决。"))
    if not passed.exists():
        raise InvalidState(_("该表决没有通过有关公共收益的事项。"))
    posting.destination = RevenueDestination.OTHER
    posting.vote = vote
    posting.save(update_fields=["destination", "vote"])
    audit.record("funds.revenue.decided", actor=actor, object_repr=posting, vote=vote.pk)
    return posting


@transaction.atomic
def settle(posting: RevenuePosting, *, actor=None, on: dt.date | None = None) -> int:
    """After the posting period: the net into the units' ledgers by area (or, when the owners
    voted otherwise, closed as they decided). ``actor`` None is the scheduled sweep."""
    posting = RevenuePosting.objects.select_for_update().get(pk=posting.pk)
    if actor is not None:
        require(actor, "funds.settle_revenue", posting)
    if posting.status != RevenueStatus.POSTED:
        raise InvalidState(_("该公共收益已经处理。"))
    if timezone.now() < posting.posted_until:
        raise InvalidState(_("公示期未满，不能处理。"))
    if posting.destination == RevenueDestination.OTHER or posting.net <= 0:
        posting.status = RevenueStatus.SETTLED
        posting.save(update_fields=["status"])
        return 0
    account = FundAccount.objects.filter(project=posting.project).first()
    units = list(Unit.objects.filter(project=posting.project).order_by("pk").values_list("pk", "area"))
    if account is None or not units:
        raise InvalidState(_("该项目没有维修资金账户或房屋名册，无法转入。"))
    parts = split_by_weight(posting.net, dict(units))
    holders = voters([pk for pk, _area in units])
    note = _("%(year)d 年%(half)s公共收益转入") % {"year": posting.year, "half": posting.get_half_display()}
    rows = LedgerEntry.objects.bulk_create(
        LedgerEntry(
            account=account,
            unit_id=pk,
            kind=EntryKind.REVENUE,
            amount=amount,
            posted_on=on or timezone.localdate(),
            holder_id=holders.get(pk),
            revenue=posting,
            note=note,
        )
        for pk, amount in parts.items()
        if amount > 0
    )
    posting.status = RevenueStatus.ALLOCATED
    posting.save(update_fields=["status"])
    audit.record("funds.revenue.allocated", actor=actor, object_repr=posting, units=len(rows))
    return len(rows)


def settle_due() -> int:
    """The sweep: every posting whose period has ended is settled."""
    done = 0
    for posting in RevenuePosting.objects.filter(status=RevenueStatus.POSTED, posted_until__lte=timezone.now()):
        try:
            settle(posting)
            done += 1
        except InvalidState:
            continue
    return done
