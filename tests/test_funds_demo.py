"""The demo's maintenance funds: every unit of a rolled project has its first deposit (area ×
rate), last year's interest is the demo's share of the balance at that year's end, the revenue of
earlier half-years is spread into the ledgers, the last one is posted and each adds up."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.demo import SCALES, SeedContext
from funds.choices import EntryKind, RevenueStatus
from funds.demo import INTEREST_RATE, seed_funds
from funds.models import FundAccount, LedgerEntry, RevenuePosting
from owners.demo import seed_rolls
from owners.models import Unit
from projects.choices import OwnersCommittee

from .factories import ProjectFactory, UserFactory


def test_demo_funds(tree):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    project = ProjectFactory(region=tree.a1a, households=40, buildings=2, owners_committee=OwnersCommittee.ESTABLISHED)
    ctx = SeedContext(scale=SCALES["small"], seed=1, scale_name="small")
    seed_rolls(ctx)
    seed_funds(ctx)
    account = FundAccount.objects.get(project=project)
    for unit in Unit.objects.filter(project=project):
        deposit = LedgerEntry.objects.get(unit=unit, kind=EntryKind.DEPOSIT).amount
        assert deposit == (unit.area * account.rate).quantize(Decimal("0.01"))
    year_end = dt.date(timezone.localdate().year - 1, 12, 31)
    entries = list(LedgerEntry.objects.filter(account=account))
    before = sum(e.amount for e in entries if e.posted_on <= year_end and e.kind != EntryKind.INTEREST)
    interest = sum(e.amount for e in entries if e.kind == EntryKind.INTEREST)
    assert interest == (before * INTEREST_RATE).quantize(Decimal("0.01"))
    postings = list(RevenuePosting.objects.filter(project=project).order_by("year", "half"))
    for posting in postings:
        assert posting.net == posting.advertising + posting.parking + posting.other_income - posting.costs
    *earlier, last = postings
    assert last.status == RevenueStatus.POSTED and earlier
    for posting in earlier:  # spread to the cent
        assert posting.status == RevenueStatus.ALLOCATED
        spread = sum(e.amount for e in entries if e.revenue_id == posting.pk)
        assert spread == posting.net
    seed_funds(ctx)  # a second run adds nothing
    assert FundAccount.objects.count() == 1
