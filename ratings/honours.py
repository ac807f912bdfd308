"""Honours (评先树优): nominate → review → select, with the number selected per kind, year and
jurisdiction capped at 0.5 % of the kind's base (评选比例不超过千分之五 [S1]): the jurisdiction's
enterprises for model enterprises, its projects for demonstration projects, and the staff its
enterprises report for service stars."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from enterprises.models import Enterprise
from projects.models import Project

from .choices import HonourKind, HonourStatus
from .models import Honour

PER_MILLE = 5


def quota(base: int) -> int:
    """At most ⌊0.5 % × base⌋ may be selected (integer arithmetic: no rounding surprises)."""
    return max(0, int(base)) * PER_MILLE // 1000


def base_of(kind: str, region) -> int:
    """The size of the pool an honour of ``kind`` is selected from in ``region``."""
    enterprises = Enterprise.objects.filter(region__path__startswith=region.path)
    if kind == HonourKind.MODEL_ENTERPRISE:
        return enterprises.count()
    if kind == HonourKind.DEMONSTRATION_PROJECT:
        return Project.objects.filter(region__path__startswith=region.path).count()
    return enterprises.aggregate(n=Sum("staff_count"))["n"] or 0


def _require(actor, region) -> None:
    if not (actor.is_bureau_officer and actor.supervises(region.path)):
        raise PermissionDenied(_("只有该范围的市、区（县）住建主管部门可以评选。"))


def nominate(*, kind: str, year: int, region, enterprise, merits: str, actor, project=None, person="") -> Honour:
    _require(actor, region)
    if not (merits or "").strip():
        raise InvalidState(_("请填写事迹。"))
    return Honour.objects.create(
        kind=kind, year=year, region=region, enterprise=enterprise, project=project, person=person[:50],
        merits=merits.strip()[:2000], nominated_by=actor,
    )  # fmt: skip


def select(honour: Honour, *, actor) -> Honour:
    """Select a nominee, refused beyond the quota with the base, the quota and the count."""
    _require(actor, honour.region)
    with transaction.atomic():
        # Serialise selections of one kind, year and jurisdiction so two officers cannot overshoot.
        peers = Honour.objects.select_for_update().filter(kind=honour.kind, year=honour.year, region=honour.region)
        selected = sum(1 for h in peers if h.status == HonourStatus.SELECTED)
        base = base_of(honour.kind, honour.region)
        if selected >= quota(base):
            raise InvalidState(
                _("评选比例不超过千分之五：范围内基数 %(base)d，名额 %(quota)d，已评选 %(count)d。")
                % {"base": base, "quota": quota(base), "count": selected}
            )
        claimed = Honour.objects.filter(pk=honour.pk, status=HonourStatus.NOMINATED).update(
            status=HonourStatus.SELECTED, decided_by=actor, decided_at=timezone.now()
        )
        if claimed != 1:
            raise InvalidState(_("只有已提名的可以评选。"))
    honour.refresh_from_db()
    return honour
