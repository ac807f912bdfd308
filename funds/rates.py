"""The first-deposit rate per m² of each region (``DepositRate``): set by the city or district
bureau for its region or one below it from a date on, never changed (a later rate supersedes
it), withdrawn only while no deposit used it; every step audited. The rate a first deposit
takes is the one in force on its date in the project's region or the nearest ancestor
(``funds.models.accounts.rate_in_force``), else the settings' default."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import InvalidState
from core.permissions import may, require
from core.text import NOTE_MAX, bounded
from regions.choices import RegionLevel
from regions.models import Region

from .models import DepositRate
from .models.accounts import default_rate, region_paths


def _note(text: str) -> str:
    text = bounded((text or "").strip(), NOTE_MAX)
    if not text:
        raise ValidationError(_("请说明依据（如文件名称和文号）。"), code="note_required")
    return text


@transaction.atomic
def set_rate(
    region: Region,
    *,
    construction_cost: Decimal,
    percent: Decimal,
    effective_from: dt.date,
    note: str,
    actor,
    request=None,
) -> DepositRate:
    """A new rate for ``region`` from ``effective_from`` (today or later: deposits already made
    keep the rate of their date)."""
    require(actor, "funds.set_rate", region)
    note = _note(note)
    if effective_from < timezone.localdate():
        raise InvalidState(_("执行日期不能早于今天：已有的交存按其当日的标准，不能追溯。"))
    if DepositRate.objects.filter(region=region, effective_from=effective_from).exists():
        raise InvalidState(_("该区域在这一日期已有交存标准；如需更正，请先撤回（未使用的）再设定。"))
    rate = DepositRate(
        region=region,
        construction_cost=construction_cost,
        percent=percent,
        effective_from=effective_from,
        note=note[:200],
        created_by=actor,
    )
    rate.full_clean()
    rate.save()
    audit.record(
        "funds.set_rate",
        request=request,
        actor=actor,
        object_repr=str(region),
        cost=str(rate.construction_cost),
        percent=str(rate.percent),
        rate=str(rate.rate),
        effective_from=str(effective_from),
        note=note,
    )
    return rate


@transaction.atomic
def withdraw_rate(rate: DepositRate, *, reason: str, actor, request=None) -> None:
    """Take back a rate no deposit has used (a typo, a date set wrong); a used one stays."""
    rate = DepositRate.objects.select_for_update().select_related("region").get(pk=rate.pk)
    require(actor, "funds.set_rate", rate.region)
    reason = _note(reason)
    if rate.deposits.exists():
        raise InvalidState(_("已有首期交存使用该标准，不能撤回；请设定新的标准。"))
    audit.record(
        "funds.withdraw_rate",
        request=request,
        actor=actor,
        object_repr=str(rate.region),
        rate=str(rate.rate),
        effective_from=str(rate.effective_from),
        reason=reason,
    )
    rate.delete()


@dataclass
class RegionRates:
    region: Region
    history: list[DepositRate]  # the region's own rates, the latest date first
    in_force: DepositRate | None  # today's, its own or the nearest ancestor's
    may_set: bool


def overview(user, *, on: dt.date | None = None) -> tuple[list[RegionRates], Decimal]:
    """The regions the user sees down to the streets (and the ancestors of the user's region),
    each with its own rates and the one in force ``on`` (today); and the settings' default."""
    on = on or timezone.localdate()
    visible = Region.objects.visible_to(user).filter(level__lte=RegionLevel.STREET)
    own = getattr(user, "region", None)
    above = Region.objects.filter(path__in=region_paths(own.path)) if own is not None else Region.objects.none()
    regions = list((visible | above).distinct().order_by("path"))
    paths = {p for region in regions for p in region_paths(region.path)}
    rates = list(
        DepositRate.objects.filter(region__path__in=paths)
        .select_related("region", "created_by")
        .annotate(used=Count("deposits"))
        .order_by("-effective_from")
    )
    by_path: dict[str, list[DepositRate]] = {}
    for rate in rates:
        by_path.setdefault(rate.region.path, []).append(rate)
    rows = []
    for region in regions:
        in_force = None
        for path in region_paths(region.path):
            in_force = next((r for r in by_path.get(path, []) if r.effective_from <= on), None)
            if in_force is not None:
                break
        rows.append(RegionRates(region, by_path.get(region.path, []), in_force, may(user, "funds.set_rate", region)))
    return rows, default_rate()
