"""What the owners app tells the apps above it, which it must not import (the layers contract:
``funds`` lies above ``owners``). Receivers run inside the sender's transaction: what they write
stands or falls with the change that caused it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.dispatch import Signal


@dataclass(frozen=True)
class OwnerChange:
    """A unit whose owners on the roll changed: who held it before and after (owner ids), and
    who now votes for it (the owner its fund ledger names, ``funds.ledger``)."""

    unit_id: int
    project_id: int
    before: tuple[int, ...]
    after: tuple[int, ...]
    voter: int


# A change of owner (过户) on the roll: ``changes`` (a list of ``OwnerChange``), ``actor``,
# ``reason`` and ``on`` (the date of the change). Sent by ``owners.roll.set_owners`` and by an
# import that gives units already owned different owners; ``funds`` moves the ledgers with it.
owners_changed = Signal()


def send_owner_changes(changes: list[OwnerChange], *, actor, reason: str, on: dt.date) -> None:
    if changes:
        owners_changed.send(sender=OwnerChange, changes=changes, actor=actor, reason=reason, on=on)
