"""Deposit rates per region: the rate a first deposit takes is the one in force on its date in
the project's region or the nearest ancestor, else the settings' default — checked against a
plain-Python reference on random histories; rates are set by the city or district bureau from
today on, never changed (the database refuses it), withdrawn only while unused, audited; the
page shows each region's history, the rate in force and the default."""

import datetime as dt
import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.test import override_settings

from core.errors import InvalidState
from core.models import AuditEvent
from funds import ledger, rates
from funds.choices import EntryKind
from funds.models import DepositRate, LedgerEntry
from funds.models.accounts import rate_for

from .owner_rolls import hold, owner, unit

TODAY = dt.date.today()
DAY = dt.timedelta(days=1)


def reference_rate_cents(history, codes, on, default_cost, default_percent):
    """``history``: (region code, effective date, cost, percent). The nearest region up the path
    ``codes`` (own first) with a rate dated on or before ``on``, its latest; cents rounded half up."""
    for code in codes:
        mine = [h for h in history if h[0] == code and h[1] <= on]
        if mine:
            _code, _date, cost, percent = max(mine, key=lambda h: h[1])
            return math.floor(Fraction(cost) * Fraction(percent) + Fraction(1, 2)), (code, _date)
    return math.floor(Fraction(default_cost) * Fraction(default_percent) + Fraction(1, 2)), None


def reference_deposit_cents(area, rate_cents):
    return math.floor(Fraction(area) * rate_cents + Fraction(1, 2))


@override_settings(FUNDS_CONSTRUCTION_COST="2345.67", FUNDS_DEPOSIT_PERCENT="6.5")
def test_rates_and_first_deposits_match_the_reference_on_random_histories(tree, users):
    rng = random.Random(2525)
    regions = [tree.city, tree.a, tree.b, tree.a1, tree.b1, tree.a1a, tree.b1a]
    start = dt.date(2018, 1, 1)
    history = []
    for _ in range(40):
        region = rng.choice(regions)
        day = start + dt.timedelta(days=rng.randint(0, (TODAY - start).days))
        if any(h[0] == region.code and h[1] == day for h in history):
            continue
        cost = Decimal(rng.randint(100, 999999)) / 100
        percent = Decimal(rng.randint(500, 800)) / 100
        DepositRate.objects.create(region=region, construction_cost=cost, percent=percent, effective_from=day)
        history.append((region.code, day, cost, percent))
    by_key = {(r.region.code, r.effective_from): r for r in DepositRate.objects.select_related("region")}
    for project in (tree.project_a, tree.project_b):
        codes = [c for c in reversed(project.region.path.split("/")) if c]
        for _ in range(60):
            on = start - 30 * DAY + dt.timedelta(days=rng.randint(0, (TODAY - start).days + 30))
            cents, _key = reference_rate_cents(history, codes, on, "2345.67", "6.5")
            assert rate_for(project.region, on) == Decimal(cents) / 100, (project, on)

    # First deposits at their own date's rate, naming the rate used (None: the default).
    account = ledger.open_account(tree.project_a, actor=users.district_a, opened_on=start - 60 * DAY)
    codes = [c for c in reversed(tree.project_a.region.path.split("/")) if c]
    for n in range(12):
        area = Decimal(rng.randint(1000, 30000)) / 100
        u = hold(unit(tree.project_a, f"{100 + n}", area), owner(tree.project_a, n + 1))
        on = start - 30 * DAY + dt.timedelta(days=rng.randint(0, (TODAY - start).days + 30))
        assert ledger.record_first_deposits(account, actor=users.district_a, posted_on=on) == 1
        entry = LedgerEntry.objects.get(unit=u, kind=EntryKind.DEPOSIT)
        cents, key = reference_rate_cents(history, codes, on, "2345.67", "6.5")
        assert entry.amount == Decimal(reference_deposit_cents(area, cents)) / 100, (area, on)
        assert entry.rate == (by_key[key] if key else None) and entry.posted_on == on


@override_settings(FUNDS_CONSTRUCTION_COST="2500", FUNDS_DEPOSIT_PERCENT="6")
def test_the_nearest_ancestor_wins_and_a_later_rate_supersedes(tree, users):
    DepositRate.objects.create(
        region=tree.city, construction_cost=Decimal("2000"), percent=Decimal("5"), effective_from=dt.date(2019, 1, 1)
    )
    DepositRate.objects.create(
        region=tree.a, construction_cost=Decimal("3000"), percent=Decimal("6"), effective_from=dt.date(2022, 1, 1)
    )
    DepositRate.objects.create(
        region=tree.a, construction_cost=Decimal("3000"), percent=Decimal("8"), effective_from=dt.date(2024, 1, 1)
    )
    assert rate_for(tree.project_a.region, dt.date(2018, 12, 31)) == Decimal("150.00")  # the default (settings)
    assert rate_for(tree.project_a.region, dt.date(2021, 12, 31)) == Decimal("100.00")  # the city's
    assert rate_for(tree.project_a.region, dt.date(2022, 1, 1)) == Decimal("180.00")  # the district's
    assert rate_for(tree.project_a.region, dt.date(2024, 1, 1)) == Decimal("240.00")  # superseded
    assert rate_for(tree.project_b.region, dt.date(2024, 1, 1)) == Decimal("100.00")  # B: the city's


def test_the_bureaus_set_rates_for_their_regions_from_today(tree, users):
    kwargs = dict(
        construction_cost=Decimal("2800"), percent=Decimal("6"), effective_from=TODAY, note="济建发〔2026〕1号"
    )
    for outsider in (users.district_b, users.street_a, users.community_a, users.ent_a):
        with pytest.raises(PermissionDenied):
            rates.set_rate(tree.a, actor=outsider, **kwargs)
    with pytest.raises(PermissionDenied):
        rates.set_rate(tree.city, actor=users.district_a, **kwargs)  # above the district
    rate = rates.set_rate(tree.a1, actor=users.district_a, **kwargs)
    assert rate.rate == Decimal("168.00") and rate.created_by == users.district_a
    audit = AuditEvent.objects.get(action="funds.set_rate")
    assert audit.detail["rate"] == "168.00" and audit.detail["note"] == "济建发〔2026〕1号"
    rates.set_rate(tree.a, actor=users.city, **kwargs)
    with pytest.raises(InvalidState, match="已有交存标准"):
        rates.set_rate(tree.a1, actor=users.district_a, **kwargs)
    with pytest.raises(InvalidState, match="不能早于今天"):
        rates.set_rate(tree.a1, actor=users.district_a, **{**kwargs, "effective_from": TODAY - DAY})
    with pytest.raises(ValidationError):
        rates.set_rate(
            tree.a1, actor=users.district_a, **{**kwargs, "percent": Decimal("9"), "effective_from": TODAY + DAY}
        )
    with pytest.raises(ValidationError):
        rates.set_rate(tree.a1, actor=users.district_a, **{**kwargs, "note": " ", "effective_from": TODAY + DAY})
    assert DepositRate.objects.count() == 2


def test_a_rate_is_never_changed_and_withdrawn_only_while_unused(tree, users):
    rate = rates.set_rate(
        tree.a,
        construction_cost=Decimal("2500"),
        percent=Decimal("7"),
        effective_from=TODAY,
        note="文号",
        actor=users.city,
    )
    later = rates.set_rate(
        tree.a,
        construction_cost=Decimal("2500"),
        percent=Decimal("8"),
        effective_from=TODAY + 30 * DAY,
        note="文号",
        actor=users.city,
    )
    with pytest.raises(DatabaseError, match="不能修改"), transaction.atomic():
        DepositRate.objects.filter(pk=rate.pk).update(percent=Decimal("6"))
    u = hold(unit(tree.project_a, "101", "100"), owner(tree.project_a, 1))
    account = ledger.open_account(tree.project_a, actor=users.district_a)
    ledger.record_first_deposits(account, actor=users.district_a)
    assert LedgerEntry.objects.get(unit=u).rate == rate and LedgerEntry.objects.get(unit=u).amount == Decimal(
        "17500.00"
    )
    with pytest.raises(InvalidState, match="不能撤回"):
        rates.withdraw_rate(rate, reason="录错", actor=users.city)
    with pytest.raises(IntegrityError), transaction.atomic():
        DepositRate.objects.filter(pk=rate.pk).delete()
    with pytest.raises(PermissionDenied):
        rates.withdraw_rate(later, reason="录错", actor=users.district_b)
    rates.withdraw_rate(later, reason="日期录错", actor=users.district_a)
    assert list(DepositRate.objects.all()) == [rate]
    assert AuditEvent.objects.get(action="funds.withdraw_rate").detail["reason"] == "日期录错"


def test_no_first_deposit_dated_in_the_future(tree, users):
    hold(unit(tree.project_a, "101", "100"), owner(tree.project_a, 1))
    account = ledger.open_account(tree.project_a, actor=users.district_a)
    with pytest.raises(InvalidState):
        ledger.record_first_deposits(account, actor=users.district_a, posted_on=TODAY + DAY)
    assert not LedgerEntry.objects.exists()


@override_settings(FUNDS_CONSTRUCTION_COST="2500", FUNDS_DEPOSIT_PERCENT="6")
def test_the_page_shows_history_in_force_and_default_and_sets_a_rate(tree, users, client_for):
    client = client_for(users.district_a)
    page = client.get("/funds/rates/").content.decode()
    assert "150.00" in page and "默认标准" in page and "市中区" in page and "槐荫区" not in page
    assert 'name="construction_cost"' in page
    data = {
        "region": tree.a1.pk,
        "construction_cost": "2600",
        "percent": "7.5",
        "effective_from": f"{TODAY:%Y-%m-%d}",
        "note": "区住建局文件",
    }
    response = client.post("/funds/rates/", data)
    assert response.status_code == 302
    page = client.get("/funds/rates/").content.decode()
    assert "195.00" in page and "区住建局文件" in page
    outside = client.post("/funds/rates/", {**data, "region": tree.b1.pk, "effective_from": f"{TODAY + DAY:%Y-%m-%d}"})
    assert outside.status_code == 200 and DepositRate.objects.count() == 1
    street = client_for(users.street_a)
    street_page = street.get("/funds/rates/").content.decode()
    assert "195.00" in street_page and 'name="construction_cost"' not in street_page
    assert street.post("/funds/rates/", data).status_code == 403


@pytest.mark.parametrize(
    "field,value",
    [
        ("construction_cost", "9223372036854775808"),
        ("construction_cost", "２５００"),
        ("construction_cost", "-2600"),
        ("construction_cost", "2.5e3"),
        ("percent", "4.99"),
        ("percent", "8.01"),
        ("note", '=HYPERLINK("http://x")'),
        ("note", "x" * 201),
        ("effective_from", "2026-02-30"),
        ("region", "999999"),
    ],
)
def test_hostile_input_on_the_rate_form(tree, users, client_for, field, value):
    data = {
        "region": tree.a.pk,
        "construction_cost": "2600",
        "percent": "7",
        "effective_from": f"{TODAY:%Y-%m-%d}",
        "note": "文件",
        field: value,
    }
    response = client_for(users.district_a).post("/funds/rates/", data)
    assert response.status_code == 200 and "text-danger" in response.content.decode()
    assert not DepositRate.objects.exists()
