"""The maintenance fund's ledgers: the rate per region, first deposits, the split in exact cents
against a plain-Python reference, interest allocated by balance in one statement, transfers,
balance alerts, and entries that the database never lets change."""

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from core.errors import InvalidState
from funds import ledger
from funds.choices import EntryKind
from funds.models import BalanceAlert, DepositRate, LedgerEntry
from funds.split import split_by_weight
from notifications.models import Notification

from .fund_rolls import roll_with_account


def reference_split(total, weights):
    """Largest remainder with exact fractions: floors, then one cent each to the largest
    fractional parts (ties to the earlier key)."""
    cents = int(Decimal(total) * 100)
    whole = sum(Fraction(Decimal(w)) for w in weights.values())
    exact = {k: Fraction(cents) * Fraction(Decimal(w)) / whole for k, w in weights.items()}
    floors = {k: v.numerator // v.denominator for k, v in exact.items()}
    order = sorted(weights, key=lambda k: (-(exact[k] - floors[k]), list(weights).index(k)))
    for k in order[: cents - sum(floors.values())]:
        floors[k] += 1
    return {k: Decimal(v) / 100 for k, v in floors.items()}


def test_split_sums_to_the_total_and_matches_the_reference():
    rng = random.Random(25)
    for _ in range(300):
        n = rng.randint(1, 40)
        weights = {i: Decimal(rng.randint(1, 30000)) / 100 for i in range(n)}
        total = Decimal(rng.randint(0, 10**9)) / 100
        parts = split_by_weight(total, weights)
        assert sum(parts.values()) == total
        assert parts == reference_split(total, weights)


def test_split_three_equal_units_gives_the_extra_cent_to_the_first():
    assert split_by_weight(Decimal("100.00"), {"a": 1, "b": 1, "c": 1}) == {
        "a": Decimal("33.34"),
        "b": Decimal("33.33"),
        "c": Decimal("33.33"),
    }


@pytest.mark.parametrize("total,weights", [(Decimal("-1"), {1: 1}), (Decimal("1.001"), {1: 1}), (1, {}), (1, {1: 0})])
def test_split_refuses_bad_input(total, weights):
    with pytest.raises(ValueError):
        split_by_weight(total, weights)


@override_settings(FUNDS_CONSTRUCTION_COST="2500", FUNDS_DEPOSIT_PERCENT="6")
def test_rate_from_settings_or_the_nearest_region(tree, users):
    from funds.models.accounts import rate_for

    assert rate_for(tree.project_a.region) == Decimal("150.00")
    DepositRate.objects.create(
        region=tree.a, construction_cost=Decimal("3000"), percent=Decimal("7"), effective_from=dt.date(2020, 1, 1)
    )
    assert rate_for(tree.project_a.region) == Decimal("210.00")
    assert rate_for(tree.project_b.region) == Decimal("150.00")


def test_first_deposit_is_area_times_rate_once(tree, users):
    account, units = roll_with_account(tree.project_a, ["89.55", "120.01"], users.district_a)
    deposits = dict(LedgerEntry.objects.filter(kind=EntryKind.DEPOSIT).values_list("unit", "amount"))
    for u in units:
        assert deposits[u.pk] == (u.area * account.rate).quantize(Decimal("0.01"))
    assert ledger.record_first_deposits(account, actor=users.district_a) == 0


def test_only_the_district_of_the_project_manages_the_account(tree, users):
    from django.core.exceptions import PermissionDenied

    for user in (users.district_b, users.street_a, users.ent_a):
        with pytest.raises(PermissionDenied):
            ledger.open_account(tree.project_a, actor=user)


def test_ledger_entries_are_never_updated_or_deleted(tree, users):
    roll_with_account(tree.project_a, ["90"], users.district_a)
    entry = LedgerEntry.objects.get()
    for sql in ("UPDATE funds_ledgerentry SET amount = 1", "DELETE FROM funds_ledgerentry"):
        with pytest.raises(DatabaseError, match="不能修改或删除"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(note="改")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.delete()
    assert LedgerEntry.objects.get().amount == entry.amount


def test_interest_by_balance_matches_the_reference_and_is_allocated_once(tree, users):
    target = dt.date.today().year - 1
    account, units = roll_with_account(
        tree.project_a, ["50.00", "77.77", "133.10", "61.03"], users.district_a, posted_on=dt.date(target, 3, 1)
    )
    balances = ledger.balances(account)
    interest = Decimal("1234.57")
    assert ledger.allocate_interest(account, year=target, interest=interest, actor=users.district_a) == len(units)
    got = dict(LedgerEntry.objects.filter(kind=EntryKind.INTEREST).values_list("unit", "amount"))
    expected = reference_split(interest, {pk: balances[pk] for pk in sorted(balances)})
    assert got == expected and sum(got.values()) == interest
    with pytest.raises(InvalidState):
        ledger.allocate_interest(account, year=target, interest=interest, actor=users.district_a)
    with pytest.raises(InvalidState):
        ledger.allocate_interest(account, year=dt.date.today().year, interest=interest, actor=users.district_a)


def test_alert_when_the_balance_falls_below_thirty_percent(tree, users):
    account, units = roll_with_account(tree.project_a, ["100", "100"], users.district_a, phone_of={0: "13800000001"})
    first = LedgerEntry.objects.get(unit=units[0], kind=EntryKind.DEPOSIT).amount
    # 71 % spent on the first unit: 29 % left, below the line; the second keeps everything.
    spend = (first * Decimal("0.71")).quantize(Decimal("0.01"))
    LedgerEntry.objects.create(
        account=account, unit=units[0], kind=EntryKind.USE, amount=-spend, posted_on=dt.date.today()
    )
    created = ledger.check_alerts([u.pk for u in units])
    assert [a.unit_id for a in created] == [units[0].pk]
    sms = Notification.objects.get(address="13800000001")
    assert "维修资金" in sms.body and str(first - spend) in sms.body
    assert ledger.check_alerts([u.pk for u in units]) == []  # told once
    LedgerEntry.objects.create(
        account=account, unit=units[0], kind=EntryKind.TOP_UP, amount=spend, posted_on=dt.date.today()
    )
    ledger.check_alerts([units[0].pk])
    assert not BalanceAlert.objects.filter(open=True).exists()


def test_exactly_thirty_percent_is_no_alert(tree, users):
    account, (u,) = roll_with_account(tree.project_a, ["100"], users.district_a)
    first = LedgerEntry.objects.get(unit=u, kind=EntryKind.DEPOSIT).amount
    LedgerEntry.objects.create(
        account=account, unit=u, kind=EntryKind.USE, amount=-(first * Decimal("0.7")), posted_on=dt.date.today()
    )
    assert ledger.check_alerts([u.pk]) == []
