"""Transfers (过户): one definition of a change of owner — the roll's. A roll correction of a
unit's owners (``owners.roll.set_owners``) or an import giving a unit other owners moves its
ledger through the ``owners_changed`` signal; the bureau's transfer page changes the roll and
the ledger follows. The balance stays on the unit, the ledger names the new owner, audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from core.errors import InvalidState
from core.models import AuditEvent
from funds import transfers
from funds.choices import EntryKind
from funds.models import LedgerEntry
from owners import importing, roll
from owners.models import Ownership

from .fund_rolls import roll_with_account
from .owner_rolls import hold, owner, register_row, unit, workbook

DAY = dt.timedelta(days=1)


def balance(u):
    return LedgerEntry.objects.filter(unit=u).aggregate(b=Sum("amount"))["b"]


def owners_of(u):
    return sorted(Ownership.objects.filter(unit=u).values_list("owner", flat=True))


def test_the_transfer_changes_the_roll_and_the_ledger_follows(tree, users):
    account, (u, other) = roll_with_account(tree.project_a, ["90", "60"], users.district_a)
    seller = Ownership.objects.get(unit=u).owner
    buyer = owner(tree.project_a, 77)
    before = balance(u)
    entry = transfers.record_transfer(u, to_owner=buyer, actor=users.district_a, reason="不动产登记 2026-001")
    assert entry.kind == EntryKind.TRANSFER and entry.amount == 0 and entry.holder == buyer
    assert entry.posted_on == dt.date.today() and str(before) in entry.note
    assert "2026-001" not in entry.note  # the reason is the audit's: owners read the ledger
    assert balance(u) == before and owners_of(u) == [buyer.pk]
    assert Ownership.objects.get(unit=u).voter
    assert not LedgerEntry.objects.filter(unit=other, kind=EntryKind.TRANSFER).exists()
    audit = AuditEvent.objects.get(action="funds.transfer")
    assert audit.actor == users.district_a and audit.detail["units"] == [u.pk]
    assert audit.detail["holders"] == [buyer.pk] and audit.detail["reason"] == "不动产登记 2026-001"
    roll_audit = AuditEvent.objects.filter(action="roll_changed").latest("pk")
    assert seller.name in str(roll_audit.detail) and buyer.name in str(roll_audit.detail)


def test_who_may_record_a_transfer(tree, users):
    _account, (u,) = roll_with_account(tree.project_a, ["90"], users.district_a)
    buyer = owner(tree.project_a, 77)
    for outsider in (users.district_b, users.street_a, users.community_a, users.ent_a):
        with pytest.raises(PermissionDenied):
            transfers.record_transfer(u, to_owner=buyer, actor=outsider, reason="x")
    transfers.record_transfer(u, to_owner=buyer, actor=users.city, reason="城市")
    assert owners_of(u) == [buyer.pk]


def test_a_transfer_refuses_bad_cases_and_changes_nothing(tree, users):
    _account, (u,) = roll_with_account(tree.project_a, ["90"], users.district_a, posted_on=dt.date.today() - 3 * DAY)
    seller = Ownership.objects.get(unit=u).owner
    buyer = owner(tree.project_a, 77)
    cases = [
        (dict(to_owner=owner(tree.project_b, 78), reason="x"), "不在该项目"),
        (dict(to_owner=seller, reason="x"), "唯一业主"),
        (dict(to_owner=buyer, reason="x", on=dt.date.today() + DAY), "晚于今天"),
        (dict(to_owner=buyer, reason="x", on=dt.date.today() - 4 * DAY), "早于分户账"),
    ]
    for kwargs, message in cases:
        with pytest.raises(InvalidState, match=message):
            transfers.record_transfer(u, actor=users.district_a, **kwargs)
    with pytest.raises(ValidationError):
        transfers.record_transfer(u, to_owner=buyer, actor=users.district_a, reason="  ")
    assert owners_of(u) == [seller.pk] and not LedgerEntry.objects.filter(kind=EntryKind.TRANSFER).exists()
    entry = transfers.record_transfer(u, to_owner=buyer, actor=users.district_a, reason="x", on=dt.date.today() - DAY)
    assert entry.posted_on == dt.date.today() - DAY


def test_no_account_no_transfer_page_but_the_roll_still_changes(tree, users):
    u = hold(unit(tree.project_a, "101", "90"), owner(tree.project_a, 1))
    buyer = owner(tree.project_a, 77)
    with pytest.raises(InvalidState, match="尚未开立"):
        transfers.record_transfer(u, to_owner=buyer, actor=users.district_a, reason="x")
    roll.set_owners(u, [(buyer, Decimal(100), True)], actor=users.street_a, reason="过户")
    assert owners_of(u) == [buyer.pk] and not LedgerEntry.objects.exists()


def test_a_roll_correction_of_the_owners_moves_the_ledger(tree, users):
    _account, (u,) = roll_with_account(tree.project_a, ["90"], users.district_a)
    a = Ownership.objects.get(unit=u).owner
    b, c = owner(tree.project_a, 77), owner(tree.project_a, 78)
    # Only the voter designation changes among the same owners: no change of owner.
    roll.set_owners(u, [(a, Decimal(50), True), (b, Decimal(50), False)], actor=users.street_a, reason="加名")
    roll.set_owners(u, [(a, Decimal(50), False), (b, Decimal(50), True)], actor=users.street_a, reason="换表决人")
    roll.set_owners(u, [(c, Decimal(100), True)], actor=users.street_a, reason="整体转让")
    entries = list(LedgerEntry.objects.filter(unit=u, kind=EntryKind.TRANSFER).order_by("pk"))
    assert [e.holder_id for e in entries] == [a.pk, c.pk]
    audits = AuditEvent.objects.filter(action="funds.transfer", actor=users.street_a).order_by("pk")
    assert [e.detail["reason"] for e in audits] == ["加名", "整体转让"]


def test_a_failed_roll_change_leaves_no_ledger_entry(tree, users):
    _account, (u,) = roll_with_account(tree.project_a, ["90"], users.district_a)
    b = owner(tree.project_a, 77)
    with pytest.raises(ValidationError):
        roll.set_owners(
            u,
            [(b, Decimal(50), True), (owner(tree.project_a, 78), Decimal(40), False)],
            actor=users.street_a,
            reason="x",
        )
    assert not LedgerEntry.objects.filter(kind=EntryKind.TRANSFER).exists()


def test_an_import_giving_units_other_owners_moves_their_ledgers(tree, users):
    from funds import ledger

    p = tree.project_a
    importing.import_roll(workbook([register_row("101", 1), register_row("102", 2)]), project=p, user=users.street_a)
    account = ledger.open_account(p, actor=users.district_a)
    ledger.record_first_deposits(account, actor=users.district_a)
    importing.import_roll(workbook([register_row("101", 1), register_row("102", 9)]), project=p, user=users.street_a)
    (entry,) = LedgerEntry.objects.filter(kind=EntryKind.TRANSFER)
    assert entry.unit.number == "102" and entry.holder.name == "业主9"
    assert AuditEvent.objects.get(action="funds.transfer").detail["reason"] == "导入房屋业主名册"
    assert entry.holder_id == Ownership.objects.get(unit=entry.unit).owner_id


def test_the_pages_show_the_ledger_and_record_the_transfer(tree, users, client_for):
    _account, (u,) = roll_with_account(tree.project_a, ["90"], users.district_a)
    seller = Ownership.objects.get(unit=u).owner
    buyer = owner(tree.project_a, 77, name="新业主甲")
    client = client_for(users.district_a)
    page = client.get(f"/funds/units/{u.pk}/").content.decode()
    assert seller.name in page and "办理过户" in page and str(balance(u)) in page
    form = client.get(f"/funds/units/{u.pk}/transfer/").content.decode()
    assert "新业主甲" in form and buyer.id_last4 in form
    assert f'value="{dt.date.today():%Y-%m-%d}"' in form  # the date input shows today
    bad = client.post(f"/funds/units/{u.pk}/transfer/", {"owner": buyer.pk, "on": "2026-13-01", "reason": "x"})
    assert bad.status_code == 200 and owners_of(u) == [seller.pk]
    formula = client.post(
        f"/funds/units/{u.pk}/transfer/", {"owner": buyer.pk, "on": f"{dt.date.today():%Y-%m-%d}", "reason": "=cmd"}
    )
    assert formula.status_code == 200 and owners_of(u) == [seller.pk]
    response = client.post(
        f"/funds/units/{u.pk}/transfer/",
        {"owner": buyer.pk, "on": f"{dt.date.today():%Y-%m-%d}", "reason": "不动产登记 2026-002"},
    )
    assert response.status_code == 302 and response["Location"] == f"/funds/units/{u.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "新业主甲" in page and "业主变更" in page and owners_of(u) == [buyer.pk]
    assert AuditEvent.objects.get(action="funds.transfer").detail["reason"] == "不动产登记 2026-002"
    street = client_for(users.street_a).get(f"/funds/units/{u.pk}/").content.decode()
    assert "新业主甲" in street and "办理过户" not in street
    refused = client_for(users.street_a).post(
        f"/funds/units/{u.pk}/transfer/", {"owner": seller.pk, "on": f"{dt.date.today():%Y-%m-%d}", "reason": "x"}
    )
    assert refused.status_code == 403 and owners_of(u) == [buyer.pk]
