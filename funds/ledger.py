"""The maintenance fund's ledgers: opening a project's account, the first deposits, the yearly
interest allocated by balance (one statement), and the alert when a unit's balance falls below
a share of its first deposit. Transfers when a unit changes owner: ``funds.transfers``.

Entries are only ever added (the database refuses any change, migration 0002)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import InvalidState
from core.permissions import require
from owners.models import Ownership, Unit

from . import messages
from .choices import EntryKind
from .models import BalanceAlert, FundAccount, LedgerEntry
from .models.accounts import CENT, default_rate, rate_for, rate_in_force


def open_account(project, *, actor, opened_on: dt.date | None = None) -> FundAccount:
    """The project's account at its region's rate on the day it opens (``DepositRate`` or the
    settings' default; the first deposits take the rate in force on their own date)."""
    require(actor, "funds.manage_account", project)
    if FundAccount.objects.filter(project=project).exists():
        raise InvalidState(_("该项目已开立维修资金账户。"))
    opened_on = opened_on or timezone.localdate()
    account = FundAccount.objects.create(project=project, rate=rate_for(project.region, opened_on), opened_on=opened_on)
    audit.record("funds.open_account", actor=actor, object_repr=project, rate=str(account.rate))
    return account


def voters(unit_ids) -> dict[int, int]:
    """Each unit's designated voter (else its first owner): who its ledger names."""
    rows = Ownership.objects.filter(unit__in=unit_ids).order_by("unit", "-voter", "owner").values_list("unit", "owner")
    found: dict[int, int] = {}
    for unit_id, owner_id in rows:
        found.setdefault(unit_id, owner_id)
    return found


def first_deposit(area: Decimal, rate: Decimal) -> Decimal:
    return (Decimal(area) * Decimal(rate)).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def record_first_deposits(account: FundAccount, *, actor, posted_on: dt.date | None = None) -> int:
    """The first deposit (area × rate) of every unit of the project that has none yet, at the
    rate in force on ``posted_on`` in the project's region (its own, else the nearest ancestor's,
    else the settings' default); each deposit names the ``DepositRate`` it used."""
    require(actor, "funds.manage_account", account.project)
    posted_on = posted_on or timezone.localdate()
    if posted_on > timezone.localdate():
        raise InvalidState(_("交存日期不能晚于今天。"))
    used = rate_in_force(account.project.region, posted_on)
    rate = used.rate if used is not None else default_rate()
    units = list(
        Unit.objects.filter(project=account.project)
        .exclude(fund_entries__kind=EntryKind.DEPOSIT)
        .values_list("pk", "area")
    )
    holders = voters([pk for pk, _area in units])
    rows = [
        LedgerEntry(
            account=account,
            unit_id=pk,
            kind=EntryKind.DEPOSIT,
            amount=first_deposit(area, rate),
            posted_on=posted_on,
            holder_id=holders.get(pk),
            rate=used,
            note=_("首期交存：%(area)s m² × %(rate)s 元/m²") % {"area": area, "rate": rate},
        )
        for pk, area in units
    ]
    LedgerEntry.objects.bulk_create(rows, batch_size=2000)
    audit.record("funds.first_deposits", actor=actor, object_repr=account.project, units=len(rows), rate=str(rate))
    return len(rows)


def balances(account: FundAccount, *, as_of: dt.date | None = None) -> dict[int, Decimal]:
    entries = LedgerEntry.objects.filter(account=account)
    if as_of is not None:
        entries = entries.filter(posted_on__lte=as_of)
    return dict(entries.values("unit").annotate(b=Sum("amount")).values_list("unit", "b"))


# The interest of a year, split over the units by their balances at the year's end in exact
# cents by the largest remainder (as ``funds.split``: ties to the lower unit id), in one statement.
INTEREST_SQL = """
WITH balance AS (
    SELECT unit_id, (SUM(amount) * 100)::numeric AS cents
    FROM funds_ledgerentry
    WHERE account_id = %(account)s AND posted_on <= %(as_of)s
    GROUP BY unit_id
    HAVING SUM(amount) > 0
), exact AS (
    SELECT unit_id,
           div(%(cents)s::numeric * cents, SUM(cents) OVER ()) AS base,
           mod(%(cents)s::numeric * cents, SUM(cents) OVER ()) AS rest
    FROM balance
), ranked AS (
    SELECT unit_id,
           base + CASE WHEN row_number() OVER (ORDER BY rest DESC, unit_id)
                            <= %(cents)s - SUM(base) OVER () THEN 1 ELSE 0 END AS cents
    FROM exact
)
INSERT INTO funds_ledgerentry (account_id, unit_id, kind, amount, posted_on, holder_id, year, note, created)
SELECT %(account)s, r.unit_id, 'interest', r.cents / 100.0, %(posted_on)s,
       (SELECT o.owner_id FROM owners_ownership o WHERE o.unit_id = r.unit_id
        ORDER BY o.voter DESC, o.owner_id LIMIT 1),
       %(year)s, %(note)s, now()
FROM ranked r
WHERE r.cents > 0
"""


@transaction.atomic
def allocate_interest(account: FundAccount, *, year: int, interest: Decimal, actor) -> int:
    """The bank's interest of ``year`` credited to the units by their balance on 31 December."""
    require(actor, "funds.manage_account", account.project)
    interest = Decimal(interest)
    if interest <= 0 or interest != interest.quantize(CENT):
        raise InvalidState(_("利息金额须为正数，精确到分。"))
    if LedgerEntry.objects.filter(account=account, kind=EntryKind.INTEREST, year=year).exists():
        raise InvalidState(_("%(year)d 年度的利息已经分配。") % {"year": year})
    as_of = dt.date(year, 12, 31)
    if as_of >= timezone.localdate():
        raise InvalidState(_("%(year)d 年度尚未结束，不能分配利息。") % {"year": year})
    params = {
        "account": account.pk,
        "as_of": as_of,
        "cents": int(interest * 100),
        "posted_on": as_of,
        "year": year,
        "note": _("%(year)d 年度利息按余额分配") % {"year": year},
    }
    with connection.cursor() as cursor:
        cursor.execute(INTEREST_SQL, params)
        count = cursor.rowcount
    if count == 0:
        raise InvalidState(_("年末没有余额为正的房屋，利息无法分配。"))
    audit.record("funds.interest", actor=actor, object_repr=account.project, year=year, interest=str(interest))
    return count


ZERO = Decimal("0.00")


def alert_share() -> Decimal:
    return Decimal(str(settings.FUNDS_ALERT_SHARE))


def check_alerts(unit_ids) -> list[BalanceAlert]:
    """Units whose balance fell below the alert share of their first deposit get an alert and
    their owners an SMS (once, until the balance recovers); recovered units' alerts close."""
    rows = (
        LedgerEntry.objects.filter(unit__in=list(unit_ids))
        .values("unit")
        .annotate(balance=Sum("amount"), first=Sum("amount", filter=Q(kind=EntryKind.DEPOSIT)))
        .filter(first__gt=0)
    )
    share = alert_share()
    low = {r["unit"]: r for r in rows if r["balance"] < r["first"] * share}
    high = [r["unit"] for r in rows if r["unit"] not in low]
    BalanceAlert.objects.filter(unit__in=high, open=True).update(open=False)
    already = set(BalanceAlert.objects.filter(unit__in=list(low), open=True).values_list("unit", flat=True))
    created = BalanceAlert.objects.bulk_create(
        BalanceAlert(unit_id=pk, balance=r["balance"], first_deposit=r["first"])
        for pk, r in low.items()
        if pk not in already
    )
    if created:
        messages.low_balance(created)
    return created


def statement(unit: Unit, year: int) -> dict:
    """A unit's yearly statement: the opening balance, the year's entries, the closing balance."""
    entries = LedgerEntry.objects.filter(unit=unit)
    opening = entries.filter(posted_on__lt=dt.date(year, 1, 1)).aggregate(b=Sum("amount"))["b"] or ZERO
    lines = list(entries.filter(posted_on__year=year).order_by("posted_on", "pk"))
    closing = opening + sum((e.amount for e in lines), ZERO)
    first = entries.filter(kind=EntryKind.DEPOSIT).aggregate(b=Sum("amount"))["b"] or ZERO
    return {"unit": unit, "year": year, "opening": opening, "lines": lines, "closing": closing, "first": first}
