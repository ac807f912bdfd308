"""Corrections to the unit roll by the street office (or the bureau above it), each with a reason
and an audit row saying what changed (phones masked, ID numbers never).

Votes are counted on the roll as it was posted for them (``owners.models.votes.RollEntry``), so a
correction made while a vote runs changes the next vote, never the running one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record
from core.choices import AuditAction
from core.permissions import require
from core.text import NOTE_MAX, bounded

from . import identity
from .choices import IdKind, OwnerKind
from .models import Owner, Ownership, Unit
from .signals import OwnerChange, send_owner_changes

HUNDRED = Decimal("100")


def _reason(reason: str) -> str:
    reason = bounded((reason or "").strip(), NOTE_MAX)
    if not reason:
        raise ValidationError(_("请说明更正的理由。"), code="reason_required")
    return reason


def _audit(actor, request, obj, project, reason: str, changes: dict) -> None:
    record(
        AuditAction.ROLL_CHANGED,
        request=request,
        actor=actor,
        object_repr=f"{project.code} {obj}",
        project=project.code,
        reason=reason,
        changes=changes,
    )


def correct_unit(unit: Unit, *, actor, reason: str, request=None, **values) -> Unit:
    """Change a unit's area, delivery or number; ``values`` names the fields to change."""
    allowed = {"entrance", "number", "area", "delivered", "delivered_on"}
    if set(values) - allowed:
        raise TypeError(f"not correctable: {sorted(set(values) - allowed)}")
    require(actor, "owners.edit_roll", unit.project)
    reason = _reason(reason)
    with transaction.atomic():
        locked = Unit.objects.select_for_update().select_related("building", "project").get(pk=unit.pk)
        changes = {k: [str(getattr(locked, k)), str(v)] for k, v in values.items() if getattr(locked, k) != v}
        if not changes:
            return locked
        for key, value in values.items():
            setattr(locked, key, value)
        if locked.delivered_on and not locked.delivered:
            locked.delivered = True
        locked.full_clean(exclude=["project", "building"])
        locked.save()
        _audit(actor, request, locked, locked.project, reason, changes)
    return locked


def correct_owner(owner: Owner, *, actor, reason: str, request=None, name=None, phone=None) -> Owner:
    """Change an owner's name or phone (the ID number is the owner: a different number is a
    different owner, see :func:`add_owner`)."""
    require(actor, "owners.edit_roll", owner.project)
    reason = _reason(reason)
    with transaction.atomic():
        locked = Owner.objects.select_for_update().select_related("project").get(pk=owner.pk)
        changes = {}
        if name is not None and name.strip() != locked.name:
            changes["name"] = [locked.name, name.strip()]
            locked.name = name.strip()
        if phone is not None and phone.strip() != locked.phone:
            new = identity.check_mobile(phone) if phone.strip() else ""
            changes["phone"] = [identity.mask_phone(locked.phone), identity.mask_phone(new)]
            locked.phone = new
        if not changes:
            return locked
        locked.full_clean(exclude=["project"])
        locked.save()
        _audit(actor, request, locked, locked.project, reason, changes)
    return locked


def add_owner(project, *, actor, reason: str, name: str, id_kind: str, id_number: str, phone="", request=None) -> Owner:
    """Put a new owner on the project's roll (or return the one with this ID number)."""
    require(actor, "owners.edit_roll", project)
    reason = _reason(reason)
    number = identity.normalise_id(id_kind, id_number)
    phone = identity.check_mobile(phone) if phone else ""
    with transaction.atomic():
        owner, created = Owner.objects.get_or_create(
            project=project,
            id_hash=identity.id_hash(number),
            defaults={
                "name": name.strip(),
                "id_kind": id_kind,
                "id_tail_hash": identity.tail_hash(number[-6:]),
                "id_last4": number[-4:],
                "phone": phone,
                "kind": OwnerKind.ORGANISATION if id_kind == IdKind.USCC else OwnerKind.PERSON,
            },
        )
        if created:
            owner.full_clean(exclude=["project"])
            _audit(actor, request, owner, project, reason, {"added": [owner.name, identity.mask_id(owner.id_last4)]})
    return owner


def set_owners(
    unit: Unit,
    holdings: list[tuple[Owner, Decimal, bool]],
    *,
    actor,
    reason: str,
    request=None,
    on: dt.date | None = None,
) -> None:
    """Give ``unit`` exactly the owners ``holdings`` lists: ``(owner, share in %, votes)``. The
    shares add up to 100, one owner votes; a single owner votes whatever ``votes`` says. The
    developer's unsold units are set with :func:`set_owners` too: an organisation as the one
    owner and ``developer`` kept from the unit's current holding unless the owner changes.

    When the owners differ from those before (a change of owner, 过户, dated ``on``), the
    ``owners_changed`` signal goes out in the same transaction: the fund's ledger follows it."""
    require(actor, "owners.edit_roll", unit.project)
    reason = _reason(reason)
    if not holdings:
        raise ValidationError(_("房屋至少应有一位业主。"), code="no_owner")
    if len({owner.pk for owner, _s, _v in holdings}) < len(holdings):
        raise ValidationError(_("同一业主出现多次。"), code="duplicate_owner")
    if any(owner.project_id != unit.project_id for owner, _s, _v in holdings):
        raise ValidationError(_("业主须为本项目名册上的业主。"), code="other_project")
    if len(holdings) == 1:
        holdings = [(holdings[0][0], HUNDRED, True)]
    if sum(share for _o, share, _v in holdings) != HUNDRED:
        raise ValidationError(_("份额合计应为 100%。"), code="shares")
    if sum(1 for _o, _s, votes in holdings if votes) != 1:
        raise ValidationError(_("共有人中须指定且只指定一名表决人。"), code="voter")
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).get()
        before = list(Ownership.objects.filter(unit=unit).select_related("owner"))
        kept_developer = {o.owner_id for o in before if o.developer}
        Ownership.objects.filter(unit=unit).delete()
        Ownership.objects.bulk_create(
            [
                Ownership(unit=unit, owner=owner, share=share, voter=votes, developer=owner.pk in kept_developer)
                for owner, share, votes in holdings
            ]
        )
        changes = {
            "owners": [
                [f"{o.owner.name} {o.share}%{' *' if o.voter else ''}" for o in before],
                [f"{owner.name} {share}%{' *' if votes else ''}" for owner, share, votes in holdings],
            ]
        }
        _audit(actor, request, unit, unit.project, reason, changes)
        previous = tuple(sorted(o.owner_id for o in before))
        after = tuple(sorted(owner.pk for owner, _s, _v in holdings))
        if previous != after:
            voter = next(owner.pk for owner, _s, votes in holdings if votes)
            change = OwnerChange(unit.pk, unit.project_id, previous, after, voter)
            send_owner_changes([change], actor=actor, reason=reason, on=on or timezone.localdate())
