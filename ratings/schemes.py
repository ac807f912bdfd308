"""Scoring schemes: drafts officers edit, versions that publishing freezes.

A published scheme is effective from its quarter until a later one takes over. Publishing a
scheme effective from a quarter whose scores are already published is refused, so a past
quarter always recomputes to what was published.
"""

from __future__ import annotations

import copy

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.permissions import require
from core.quarters import Quarter

from .choices import Component, RunStatus, SchemeStatus
from .models import Scheme, ScoringRun

# The bureau's default scheme (the seeds give no weights). Migration 0002 installed it without
# the honour and penalty adjustments as version 1; migration 0014 added them in a new version
# (``adjustments``: a scheme without them applies neither).
DEFAULT_NAME = "物业服务企业量化考核"
DEFAULT_PARAMS = {
    "weights": {
        "inspection": 35,
        "complaints": 25,
        "handling": 15,
        "satisfaction": 10,
        "street": 5,
        "rectification": 5,
        "self_report": 5,
    },
    "self_report_factor": 0.9,
    "complaint_penalty": 10,
    "basically_satisfied_factor": 0.8,
    "self_report_points": {"on_time": 100, "late": 60, "missing": 0},
    "summons_penalty": 5,
    "summons_penalty_cap": 15,
    "honour_bonus": 3,
    "penalty_factor": 1,
}
SCALARS = [
    "self_report_factor",
    "complaint_penalty",
    "basically_satisfied_factor",
    "summons_penalty",
    "summons_penalty_cap",
    "honour_bonus",
    "penalty_factor",
]


def ensure_default() -> Scheme:
    """The default scheme, version 1, published and in force from the start (demo data reloads)."""
    scheme, _created = Scheme.objects.get_or_create(
        version=1,
        defaults={
            "name": DEFAULT_NAME,
            "effective_year": 2000,
            "effective_quarter": 1,
            "status": SchemeStatus.PUBLISHED,
            "params": copy.deepcopy(DEFAULT_PARAMS),
            "published_at": timezone.now(),
        },
    )
    return scheme


def new_version(scheme: Scheme, *, actor) -> Scheme:
    """A draft copy of ``scheme`` with the next version number, effective from the next quarter."""
    require(actor, "ratings.edit_scheme", scheme)
    with transaction.atomic():
        version = (Scheme.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0) + 1
        effective = Quarter.of(timezone.localdate()).next()
        return Scheme.objects.create(
            name=scheme.name,
            version=version,
            effective_year=effective.year,
            effective_quarter=effective.number,
            params=copy.deepcopy(scheme.params),
        )


def form_initial(scheme: Scheme) -> dict:
    initial = {"name": scheme.name, "effective": str(scheme.effective_from)}
    initial.update({key: scheme.params.get(key, 0) for key in SCALARS})  # absent: not applied
    initial.update({f"weight_{k}": scheme.params["weights"][k] for k in Component.values})
    return initial


def update_draft(scheme: Scheme, data: dict, *, actor) -> Scheme:
    """Write a form's values into a draft; a published scheme is frozen."""
    require(actor, "ratings.edit_scheme", scheme)
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        if scheme.status != SchemeStatus.DRAFT:
            raise InvalidState(_("已发布的考核方案不能修改，请生成新版本。"))
        scheme.name, effective = data["name"], data["effective"]
        scheme.effective_year, scheme.effective_quarter = effective.year, effective.number
        params = copy.deepcopy(scheme.params)
        params.update({key: float(data[key]) for key in SCALARS})
        params["weights"] = {k: data[f"weight_{k}"] for k in Component.values}
        scheme.params = params
        scheme.save()
    return scheme


def publish(scheme: Scheme, *, actor) -> Scheme:
    """Freeze a draft; refused if a quarter it would cover is already published or if its
    weights do not total 100 %."""
    require(actor, "ratings.publish_scheme", scheme)
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        if scheme.status != SchemeStatus.DRAFT:
            raise InvalidState(_("只有草稿可以发布。"))
        quarter = scheme.effective_from
        covered = ScoringRun.objects.filter(status=RunStatus.PUBLISHED).filter(
            Q(year__gt=quarter.year) | Q(year=quarter.year, quarter__gte=quarter.number)
        )
        if covered.exists():
            raise InvalidState(_("%(q)s 及以后已有公布的考核结果，新方案只能从尚未公布的季度起生效。") % {"q": quarter})
        scheme.check_weights()
        scheme.status, scheme.published_at, scheme.published_by = SchemeStatus.PUBLISHED, timezone.now(), actor
        scheme.save()
    return scheme
