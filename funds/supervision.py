"""The bureau's view of the maintenance funds, per sub-region of the region dashboard: balances
and the year's deposits, interest and uses (:func:`fund_totals_by`). Money is summed in the
database as exact decimals (cents).

* balance — the sum of every ledger entry of the accounts (as of today);
* deposits — first deposits and top-ups posted in the year; interest — interest allocated
  (posted) in the year;
* uses disbursed — uses whose disbursement is dated in the year: how many, and their final cost
  (the developer's part of unsold units included); emergency uses — those of them that were
  emergency uses (no owners' vote).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum

from projects.breakdown import Breakdown

from .choices import UseKind, UseStatus
from .models import FundAccount, FundUse, LedgerEntry
from .totals import totals

ZERO = Decimal("0.00")
FUND_MEASURES = (
    "accounts",
    "balance",
    "deposits",
    "interest",
    "uses",
    "uses_amount",
    "emergency",
    "emergency_amount",
)


def _zero() -> dict:
    return {m: 0 if m in ("accounts", "uses", "emergency") else ZERO for m in FUND_MEASURES}


def fund_totals_by(user, breakdown: Breakdown, year: int) -> dict[str, dict]:
    """Per group of ``breakdown``: the measures above (three grouped queries: accounts, ledger
    entries, uses)."""
    result: dict[str, dict] = {}

    def row(group):
        return result.setdefault(group, _zero())

    accounts = (
        FundAccount.objects.visible_to(user)
        .filter(breakdown.within("project__"))
        .order_by()
        .annotate(group=breakdown.key("project__"))
        .values("group")
        .annotate(n=Count("pk"))
    )
    for r in accounts:
        row(r["group"])["accounts"] = r["n"]
    measures = totals(year=year)
    entries = (
        LedgerEntry.objects.visible_to(user)
        .filter(breakdown.within("account__project__"))
        .order_by()
        .annotate(group=breakdown.key("account__project__"))
        .values("group")
        .annotate(
            balance=measures["balance"],
            deposits=measures["deposits_in_year"],
            interest=measures["interest_in_year"],
        )
    )
    for r in entries:
        target = row(r["group"])
        for m in ("balance", "deposits", "interest"):
            target[m] = r[m]
    emergency = Q(kind=UseKind.EMERGENCY)
    uses = (
        FundUse.objects.visible_to(user)
        .filter(breakdown.within("project__"), status=UseStatus.DISBURSED, disbursed_on__year=year)
        .order_by()
        .annotate(group=breakdown.key("project__"))
        .values("group")
        .annotate(
            uses=Count("pk"),
            uses_amount=Sum("cost"),
            emergency=Count("pk", filter=emergency),
            emergency_amount=Sum("cost", filter=emergency),
        )
    )
    for r in uses:
        target = row(r["group"])
        for m in ("uses", "uses_amount", "emergency", "emergency_amount"):
            target[m] = r[m] or target[m]
    return result
