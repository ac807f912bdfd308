"""The demo's maintenance funds: every unit of a rolled project has its first deposit (area ×
rate), last year's interest sums to the account's share, the revenue posted adds up."""

from decimal import Decimal

from django.db.models import Sum

from core.demo import SCALES, SeedContext
from funds.choices import EntryKind
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
    deposits = LedgerEntry.objects.filter(account=account, kind=EntryKind.DEPOSIT).aggregate(s=Sum("amount"))["s"]
    interest = LedgerEntry.objects.filter(account=account, kind=EntryKind.INTEREST).aggregate(s=Sum("amount"))["s"]
    assert interest == (deposits * INTEREST_RATE).quantize(Decimal("0.01"))
    posting = RevenuePosting.objects.get(project=project)
    assert posting.net == posting.advertising + posting.parking + posting.other_income - posting.costs
    seed_funds(ctx)  # a second run adds nothing
    assert FundAccount.objects.count() == 1
