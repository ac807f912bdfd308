"""The unit roll of one project from the property register's Excel export.

One row per unit and owner: a unit held by two co-owners is two rows with the same building,
entrance and number. Every row is checked (the fields, then the unit's rows together: one area,
shares adding up to 100 %, exactly one designated voter among co-owners, the developer alone on
its unsold units; then each owner's rows: one name and one phone per ID number); if any is
wrong, :class:`~core.xlsx.ImportRejected` lists them all and nothing is written. A good file
adds or updates its buildings, units and owners, and gives each unit in it exactly the owners
it lists. Units and owners the file does not name are left as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import record
from core.choices import AuditAction
from core.forms import PastDateField, PlainDecimalField
from core.permissions import require
from core.text import join_messages, looks_like_formula
from core.xlsx import Column, ImportRejected, RowError, form_errors, parse_bool, parse_choice, read_rows

from . import identity
from .choices import IdKind, OwnerKind
from .models import Building, Owner, Ownership, Unit
from .signals import OwnerChange, send_owner_changes

COLUMNS = [
    Column(gettext_lazy("楼栋"), "building", required=True),
    Column(gettext_lazy("单元"), "entrance"),
    Column(gettext_lazy("房号"), "number", required=True),
    Column(gettext_lazy("专有部分面积（m²）"), "area", required=True),
    Column(gettext_lazy("已交付"), "delivered"),
    Column(gettext_lazy("交付日期"), "delivered_on"),
    Column(gettext_lazy("业主姓名或名称"), "name", required=True),
    Column(gettext_lazy("证件类型"), "id_kind"),
    Column(gettext_lazy("证件号码"), "id_number", required=True),
    Column(gettext_lazy("手机号码"), "phone"),
    Column(gettext_lazy("份额（%）"), "share"),
    Column(gettext_lazy("表决人"), "voter"),
    Column(gettext_lazy("建设单位未售"), "developer"),
]
HUNDRED = Decimal("100")


def no_formula(value: str) -> None:
    if looks_like_formula(value):
        raise ValidationError(_("不能以 =、+、-、@ 开头。"), code="formula")


class RollRowForm(forms.Form):
    """One row of the register's export, its fields checked on their own."""

    building = forms.CharField(label=gettext_lazy("楼栋"), max_length=40, validators=[no_formula])
    entrance = forms.CharField(label=gettext_lazy("单元"), max_length=20, required=False, validators=[no_formula])
    number = forms.CharField(label=gettext_lazy("房号"), max_length=20, validators=[no_formula])
    area = PlainDecimalField(
        label=gettext_lazy("专有部分面积（m²）"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("99999.99"),
    )
    delivered = forms.BooleanField(label=gettext_lazy("已交付"), required=False)
    delivered_on = PastDateField(label=gettext_lazy("交付日期"), required=False)
    name = forms.CharField(label=gettext_lazy("业主姓名或名称"), max_length=100, validators=[no_formula])
    id_kind = forms.ChoiceField(label=gettext_lazy("证件类型"), choices=IdKind.choices)
    id_number = forms.CharField(label=gettext_lazy("证件号码"), max_length=40)
    phone = forms.CharField(label=gettext_lazy("手机号码"), max_length=11, required=False)
    share = PlainDecimalField(
        label=gettext_lazy("份额（%）"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=HUNDRED,
        required=False,
    )
    voter = forms.BooleanField(label=gettext_lazy("表决人"), required=False)
    developer = forms.BooleanField(label=gettext_lazy("建设单位未售"), required=False)

    def clean_id_number(self):
        return identity.normalise_id(
            self.cleaned_data.get("id_kind") or IdKind.RESIDENT, self.cleaned_data["id_number"]
        )

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        return identity.check_mobile(phone) if phone else ""

    def clean(self):
        data = super().clean()
        if data.get("delivered_on") and not data.get("delivered"):
            data["delivered"] = True  # a delivery date says it was delivered
        return data


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _form_data(raw: dict) -> dict:
    data = {key: _text(raw.get(key)) for key in ("building", "entrance", "number", "area", "delivered_on", "name")}
    data.update(
        id_kind=parse_choice(IdKind, raw.get("id_kind"), default=IdKind.RESIDENT),
        id_number=_text(raw.get("id_number")),
        phone=_text(raw.get("phone")),
        share=_text(raw.get("share")),
    )
    for key in ("delivered", "voter", "developer"):
        data[key] = "on" if parse_bool(raw.get(key)) else ""
    return data


def _check_rows(rows) -> tuple[list[tuple[int, dict]], list[RowError]]:
    checked, errors = [], []
    for number, raw in rows:
        form = RollRowForm(_form_data(raw))
        # The ID number's own check runs after its kind: a kind that is not a choice is reported alone.
        if form.is_valid():
            checked.append((number, form.cleaned_data))
        else:
            errors.append(RowError(number, form_errors(form)))
    return checked, errors


def _check_units(checked) -> list[RowError]:
    """A unit's rows agree on its area and delivery, their shares add up to 100 %, and exactly
    one of them votes (a single owner votes without being marked)."""
    errors = []
    by_unit = defaultdict(list)
    for number, row in checked:
        by_unit[(row["building"], row["entrance"], row["number"])].append((number, row))
    for (building, entrance, unit_number), items in by_unit.items():
        first_number = items[0][0]
        label = f"{building}{entrance}{unit_number}"
        rows = [row for _n, row in items]
        problems = []
        if len({(r["area"], r["delivered"], r["delivered_on"]) for r in rows}) > 1:
            problems.append(_("房屋 %(u)s 各行的面积或交付情况不一致。") % {"u": label})
        if len({r["id_number"] for r in rows}) < len(rows):
            problems.append(_("房屋 %(u)s 同一业主出现多次。") % {"u": label})
        if any(r["developer"] for r in rows) and len(rows) > 1:
            problems.append(_("房屋 %(u)s 为建设单位未售房屋，不能另有共有人。") % {"u": label})
        shares = [r["share"] for r in rows]
        if len(rows) == 1:
            rows[0]["share"], rows[0]["voter"] = shares[0] or HUNDRED, True
        elif any(s is None for s in shares):
            problems.append(_("共有房屋 %(u)s 须为每位共有人填写份额。") % {"u": label})
        if len(rows) > 1 and None not in shares and sum(shares) != HUNDRED:
            problems.append(_("房屋 %(u)s 的份额合计应为 100%%，现为 %(s)s%%。") % {"u": label, "s": sum(shares)})
        if len(rows) == 1 and rows[0]["share"] != HUNDRED:
            problems.append(_("房屋 %(u)s 只有一位业主，份额应为 100%%。") % {"u": label})
        if len(rows) > 1 and sum(1 for r in rows if r["voter"]) != 1:
            problems.append(_("共有房屋 %(u)s 须指定且只指定一名表决人。") % {"u": label})
        if problems:
            errors.append(RowError(first_number, join_messages(problems)))
    return errors


def _check_owners(checked) -> list[RowError]:
    """Each ID number has one name and one phone throughout the file."""
    errors, seen = [], {}
    for number, row in checked:
        key = row["id_number"]
        if key in seen:
            name, phone = seen[key]
            if name != row["name"] or (phone and row["phone"] and phone != row["phone"]):
                errors.append(RowError(number, _("同一证件号码在文件中的姓名或手机号码不一致。")))
            seen[key] = (name, phone or row["phone"])
        else:
            seen[key] = (row["name"], row["phone"])
    return errors


def check(upload) -> list[tuple[int, dict]]:
    """The file's rows, each checked and the units' and owners' rows together; ``ImportRejected``
    with every bad row otherwise."""
    checked, errors = _check_rows(read_rows(upload, COLUMNS))
    errors += _check_units(checked) + _check_owners(checked)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))
    return checked


def import_roll(upload, *, project, user, request=None) -> dict:
    """Add or update the buildings, units and owners of ``project`` from a workbook; returns
    ``{"created": new units, "updated": units already on the roll, "owners": owners named}``."""
    require(user, "owners.import_roll", project)
    rows = check(upload)
    with transaction.atomic():
        result, changes = _write(project, rows)
        record(AuditAction.IMPORT, request=request, actor=user, object_repr=f"unit roll {project.code}", **result)
        send_owner_changes(changes, actor=user, reason=_("导入房屋业主名册"), on=timezone.localdate())
    return result


def _write(project, rows) -> tuple[dict, list[OwnerChange]]:
    names = sorted({row["building"] for _n, row in rows})
    Building.objects.bulk_create([Building(project=project, name=n) for n in names], ignore_conflicts=True)
    buildings = dict(Building.objects.filter(project=project, name__in=names).values_list("name", "pk"))
    existing = set(
        Unit.objects.filter(project=project, building_id__in=buildings.values()).values_list(
            "building_id", "entrance", "number"
        )
    )
    units = {}
    for _n, row in rows:
        key = (buildings[row["building"]], row["entrance"], row["number"])
        units[key] = Unit(
            project=project,
            building_id=key[0],
            entrance=key[1],
            number=key[2],
            area=row["area"],
            delivered=row["delivered"],
            delivered_on=row["delivered_on"],
        )
    Unit.objects.bulk_create(
        list(units.values()),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["building", "entrance", "number"],
        update_fields=["area", "delivered", "delivered_on", "updated"],
    )
    owners = _write_owners(project, rows)
    unit_ids = [u.pk for u in units.values()]
    before: dict[int, set[int]] = {}
    for unit_id, owner_id in Ownership.objects.filter(unit_id__in=unit_ids).values_list("unit", "owner"):
        before.setdefault(unit_id, set()).add(owner_id)
    Ownership.objects.filter(unit_id__in=unit_ids).delete()
    Ownership.objects.bulk_create(
        [
            Ownership(
                unit=units[(buildings[row["building"]], row["entrance"], row["number"])],
                owner_id=owners[row["id_number"]],
                share=row["share"],
                voter=row["voter"],
                developer=row["developer"],
            )
            for _n, row in rows
        ],
        batch_size=2000,
    )
    created = sum(1 for key in units if key not in existing)
    result = {"created": created, "updated": len(units) - created, "owners": len(owners)}
    return result, _changes(project, rows, units, buildings, owners, before)


def _changes(project, rows, units, buildings, owners, before) -> list[OwnerChange]:
    """The units already owned that the file gives other owners: changes of owner (过户)."""
    after: dict[int, set[int]] = {}
    voters: dict[int, int] = {}
    for _n, row in rows:
        pk = units[(buildings[row["building"]], row["entrance"], row["number"])].pk
        after.setdefault(pk, set()).add(owners[row["id_number"]])
        if row["voter"]:
            voters[pk] = owners[row["id_number"]]
    return [
        OwnerChange(pk, project.pk, tuple(sorted(was)), tuple(sorted(after[pk])), voters.get(pk, min(after[pk])))
        for pk, was in before.items()
        if was != after[pk]
    ]


def _write_owners(project, rows) -> dict[str, int]:
    """Owners by their ID number's hash; a phone left blank in the file keeps the one on the roll."""
    by_number = {}
    for _n, row in rows:
        by_number.setdefault(row["id_number"], row)
        if row["phone"]:
            by_number[row["id_number"]] = {**by_number[row["id_number"]], "phone": row["phone"]}
    hashes = {number: identity.id_hash(number) for number in by_number}
    phones = dict(Owner.objects.filter(project=project, id_hash__in=hashes.values()).values_list("id_hash", "phone"))
    instances = [
        Owner(
            project=project,
            kind=OwnerKind.ORGANISATION if row["id_kind"] == IdKind.USCC or row["developer"] else OwnerKind.PERSON,
            name=row["name"],
            id_kind=row["id_kind"],
            id_hash=hashes[number],
            id_tail_hash=identity.tail_hash(number[-6:]),
            id_last4=number[-4:],
            phone=row["phone"] or phones.get(hashes[number], ""),
        )
        for number, row in by_number.items()
    ]
    Owner.objects.bulk_create(
        instances,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["project", "id_hash"],
        update_fields=["kind", "name", "id_kind", "id_tail_hash", "id_last4", "phone", "updated"],
    )
    by_hash = {o.id_hash: o.pk for o in instances}
    return {number: by_hash[h] for number, h in hashes.items()}
