"""Transfers (过户): a unit changes owner and its ledger goes with it — the balance stays on the
unit (nothing refunded), the ledger names the new owner from the transfer on.

One definition of a change of owner: the unit roll's (``owners.roll.set_owners``, or an import
giving a unit other owners). The roll sends ``owners.signals.owners_changed`` inside its
transaction and :func:`follow_the_roll` writes the transfer entries there, so the roll and the
ledgers never disagree, whichever page changed the owner. The fund's transfer page
(:func:`record_transfer`) changes the roll and lets the signal write the entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import InvalidState
from core.permissions import require
from owners import roll
from owners.models import Owner, Ownership, Unit
from owners.signals import OwnerChange

from .choices import EntryKind
from .models import FundAccount, LedgerEntry


def follow_the_roll(sender, *, changes: list[OwnerChange], actor, reason: str, on: dt.date, **kwargs) -> None:
    """Receiver of ``owners_changed``: a transfer entry on the ledger of each unit whose project
    has a fund account (a project without one has no ledgers to move)."""
    accounts = dict(
        FundAccount.objects.filter(project__in={c.project_id for c in changes}).values_list("project", "pk")
    )
    changes = [c for c in changes if c.project_id in accounts]
    if not changes:
        return
    balances = dict(
        LedgerEntry.objects.filter(unit__in=[c.unit_id for c in changes])
        .values("unit")
        .annotate(b=Sum("amount"))
        .values_list("unit", "b")
    )
    entries = []
    for change in changes:
        balance = balances.get(change.unit_id) or Decimal(0)
        # The reason stays in the audit: the ledger is the owners' to read, and a reason may name people.
        note = _("业主变更，余额 %(balance)s 元随房屋转移") % {"balance": balance}
        entries.append(
            LedgerEntry(
                account_id=accounts[change.project_id],
                unit_id=change.unit_id,
                kind=EntryKind.TRANSFER,
                amount=Decimal(0),
                posted_on=on,
                holder_id=change.voter,
                note=note,
            )
        )
    LedgerEntry.objects.bulk_create(entries, batch_size=2000)
    audit.record(
        "funds.transfer",
        actor=actor,
        object_repr=_("%(n)d 套房屋") % {"n": len(entries)} if len(entries) > 1 else str(changes[0].unit_id),
        units=[c.unit_id for c in changes],
        holders=[c.voter for c in changes],
        balances=[str(balances.get(c.unit_id) or 0) for c in changes],
        reason=reason,
        on=str(on),
    )


def record_transfer(
    unit: Unit, *, to_owner: Owner, actor, reason: str, on: dt.date | None = None, request=None
) -> LedgerEntry:
    """The bureau records a sale: ``to_owner`` (already on the project's roll) becomes the unit's
    sole owner on the roll, dated ``on`` (today, or an earlier day not before the ledger's last
    entry); the transfer entry is the roll's signal's. Returns that entry."""
    require(actor, "funds.manage_account", unit.project)
    if to_owner.project_id != unit.project_id:
        raise InvalidState(_("新业主不在该项目的业主名册上。"))
    today = timezone.localdate()
    on = on or today
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).get()
        if not FundAccount.objects.filter(project_id=unit.project_id).exists():
            raise InvalidState(_("该项目尚未开立维修资金账户，请在房屋业主名册中更正业主。"))
        if list(Ownership.objects.filter(unit=unit).values_list("owner", flat=True)) == [to_owner.pk]:
            raise InvalidState(_("该业主已是这套房屋的唯一业主。"))
        last = LedgerEntry.objects.filter(unit=unit).aggregate(d=Max("posted_on"))["d"]
        if on > today:
            raise InvalidState(_("过户日期不能晚于今天。"))
        if last is not None and on < last:
            raise InvalidState(_("过户日期不能早于分户账的最后一笔记录（%(d)s）。") % {"d": last})
        roll.set_owners(unit, [(to_owner, Decimal(100), True)], actor=actor, reason=reason, request=request, on=on)
        return LedgerEntry.objects.filter(unit=unit, kind=EntryKind.TRANSFER).latest("pk")
