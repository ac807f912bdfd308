"""Demo maintenance funds for ``seed_demo``, for the projects that have a unit roll: an account
at the default rate opened at the start of last year with every unit's first deposit (one statement), the
last year's interest allocated by balance (the statement of ``funds.ledger``), the public revenue
of the earlier half-years spread into the ledgers, and the last half-year's posted by the
enterprise. Light: a few statements per project."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from owners.models import Unit
from projects.models import Project

from .choices import RevenueStatus
from .ledger import INTEREST_SQL
from .models import FundAccount, LedgerEntry, RevenuePosting
from .models.accounts import default_rate
from .revenue import settle
from .revenue_overdue import due_day, half_index, half_of

DEPOSITS_SQL = """
INSERT INTO funds_ledgerentry (account_id, unit_id, kind, amount, posted_on, holder_id, note, created)
SELECT a.id, u.id, 'deposit', round(u.area * a.rate, 2), a.opened_on,
       (SELECT o.owner_id FROM owners_ownership o WHERE o.unit_id = u.id ORDER BY o.voter DESC, o.owner_id LIMIT 1),
       %(note)s, now()
FROM owners_unit u JOIN funds_fundaccount a ON a.project_id = u.project_id
WHERE a.id = ANY(%(accounts)s)
"""
INTEREST_RATE = Decimal("0.015")


def seed_funds(ctx) -> None:
    rng = random.Random(f"funds-{ctx.seed}")
    today = timezone.localdate()
    opened = dt.date(today.year - 1, 1, 1)
    projects = list(
        Project.objects.filter(pk__in=Unit.objects.values("project")).exclude(fund_account__isnull=False).order_by("pk")
    )
    if not projects:
        return
    rate = default_rate()
    accounts = FundAccount.objects.bulk_create(FundAccount(project=p, rate=rate, opened_on=opened) for p in projects)
    ids = [a.pk for a in accounts]
    with connection.cursor() as cursor:
        cursor.execute(DEPOSITS_SQL, {"note": "首期交存", "accounts": ids})
    _revenue(projects, rng, today)
    year = today.year - 1
    # Last year's interest: 1.5 % of each account's balance at the year's end, split by balance.
    totals = dict(
        LedgerEntry.objects.filter(account__in=ids, posted_on__lte=dt.date(year, 12, 31))
        .values("account")
        .annotate(b=Sum("amount"))
        .values_list("account", "b")
    )
    with connection.cursor() as cursor:
        for account in accounts:
            interest = (totals.get(account.pk, Decimal(0)) * INTEREST_RATE).quantize(Decimal("0.01"))
            if interest > 0:
                cursor.execute(
                    INTEREST_SQL,
                    {
                        "account": account.pk,
                        "as_of": dt.date(year, 12, 31),
                        "cents": int(interest * 100),
                        "posted_on": dt.date(year, 12, 31),
                        "year": year,
                        "note": f"{year} 年度利息按余额分配",
                    },
                )
    ctx.log(f"maintenance funds: {len(accounts)} accounts, last year's interest, revenue postings")


def _revenue(projects, rng, today) -> None:
    users = get_user_model().objects
    fallback = users.filter(is_superuser=True).first()
    by_enterprise = dict(
        users.filter(enterprise_id__in={p.enterprise_id for p in projects})
        .order_by("pk")
        .values_list("enterprise_id", "pk")
    )
    year, half = (today.year, 1) if today.month > 6 else (today.year - 1, 2)
    now = timezone.now()
    rows = []
    for project in projects:
        creator = by_enterprise.get(project.enterprise_id) or (fallback.pk if fallback else None)
        if creator is None:
            continue
        advertising = Decimal(rng.randrange(0, 3_000_000)) / 100
        parking = Decimal(rng.randrange(0, 8_000_000)) / 100
        costs = ((advertising + parking) * Decimal(rng.randrange(10, 40)) / 100).quantize(Decimal("0.01"))
        rows.append(
            RevenuePosting(
                project=project,
                year=year,
                half=half,
                advertising=advertising,
                parking=parking,
                other_income=Decimal(0),
                costs=costs,
                net=advertising + parking - costs,
                created_by_id=creator,
                status=RevenueStatus.POSTED,
                posted_at=now,
                posted_until=now + dt.timedelta(days=30),
            )
        )
    RevenuePosting.objects.bulk_create(rows)
    _earlier_revenue(projects, rng, today, by_enterprise, fallback)


def _earlier_revenue(projects, rng, today, by_enterprise, fallback) -> None:
    """The half-years since the accounts opened, before the last one: entered by their due day,
    posted their 30 days and spread into the units' ledgers by ``funds.revenue.settle`` as the
    nightly job does. About one enterprise in six has not entered the latest of them (the
    dashboards show it late)."""
    opened = half_index(today.year - 1, 1)
    latest = half_index(*((today.year, 1) if today.month > 6 else (today.year - 1, 2)))
    for project in projects:
        creator = by_enterprise.get(project.enterprise_id) or (fallback.pk if fallback else None)
        if creator is None:
            continue
        late = rng.random() < 1 / 6
        for index in range(opened, latest - (2 if late else 1) + 1):
            year, half = half_of(index)
            posted_at = timezone.make_aware(dt.datetime.combine(due_day(index) - dt.timedelta(days=10), dt.time(10)))
            parking = Decimal(rng.randrange(0, 8_000_000)) / 100
            costs = (parking * Decimal(rng.randrange(10, 40)) / 100).quantize(Decimal("0.01"))
            posting = RevenuePosting.objects.create(
                project=project,
                year=year,
                half=half,
                advertising=Decimal(0),
                parking=parking,
                other_income=Decimal(0),
                costs=costs,
                net=parking - costs,
                created_by_id=creator,
                status=RevenueStatus.POSTED,
                posted_at=posted_at,
                posted_until=posted_at + dt.timedelta(days=30),
            )
            settle(posting, on=(posted_at + dt.timedelta(days=31)).date())
