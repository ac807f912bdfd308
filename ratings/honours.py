"""Honours (评先树优): nominate → review (初审) → select, with the number selected per kind, year and
jurisdiction capped at 0.5 % of the kind's base (评选比例不超过千分之五 [S1]): the jurisdiction's
enterprises for model enterprises, its projects for demonstration projects, and the staff its
enterprises report for service stars."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.permissions import may, require
from core.quarters import check_year, this_year
from enterprises.models import Enterprise
from projects.models import Project
from regions.choices import RegionLevel
from regions.models import Region, codes_on_path

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


JURISDICTION_LEVELS = (RegionLevel.CITY, RegionLevel.DISTRICT)


def _check_candidate(kind: str, region, enterprise, project, person: str) -> None:
    """The nominee must belong to the pool the kind's quota is computed from."""
    if region.level not in JURISDICTION_LEVELS:
        raise ValidationError(_("评选范围应为市或区（县）。"))
    if kind not in HonourKind.values:
        raise ValidationError(_("请选择评选类别。"))
    if kind == HonourKind.DEMONSTRATION_PROJECT:
        if project is None:
            raise ValidationError(_("示范项目须指定物业项目。"))
        if project.enterprise_id != enterprise.pk:
            raise ValidationError(_("该项目不由此企业管理。"))
        if not project.region.path.startswith(region.path):
            raise ValidationError(_("该项目不在评选范围内。"))
        return
    if not enterprise.region.path.startswith(region.path):
        raise ValidationError(_("该企业的注册地不在评选范围内。"))
    if kind == HonourKind.SERVICE_STAR and not person.strip():
        raise ValidationError(_("文明服务明星须填写人员姓名。"))


def may_nominate(actor, region, enterprise) -> bool:
    """Bureau officers of the jurisdiction nominate anyone in it; an enterprise nominates itself,
    its projects and its staff (推选)."""
    return may(actor, "ratings.nominate_honour", Honour(region=region, enterprise=enterprise))


def may_nominate_somewhere(actor, regions) -> bool:
    """Whether ``actor`` may nominate in any of ``regions`` (an enterprise: itself)."""
    enterprise_id = actor.enterprise_id if actor.is_authenticated else None
    return any(may(actor, "ratings.nominate_honour", Honour(region=r, enterprise_id=enterprise_id)) for r in regions)


def nominate(*, kind: str, year: int, region, enterprise, merits: str, actor, project=None, person="") -> Honour:
    """A nomination for ``year`` in ``region``, checked against the kind's pool; the same
    nominee is not nominated twice while a nomination of it is open or selected."""
    require(actor, "ratings.nominate_honour", Honour(region=region, enterprise=enterprise))
    merits, person = (merits or "").strip()[:2000], (person or "").strip()[:50]
    if not merits:
        raise ValidationError(_("请填写事迹。"))
    year = check_year(year, last=this_year())  # a year not yet begun has no merits
    if kind != HonourKind.DEMONSTRATION_PROJECT:
        project = None
    if kind != HonourKind.SERVICE_STAR:
        person = ""
    _check_candidate(kind, region, enterprise, project, person)
    with transaction.atomic():
        same = Honour.objects.select_for_update().filter(
            kind=kind, year=year, region=region, enterprise=enterprise, project=project, person=person
        )
        if same.exclude(status=HonourStatus.REJECTED).exists():
            raise InvalidState(_("已提名过，不能重复提名。"))
        return Honour.objects.create(
            kind=kind,
            year=year,
            region=region,
            enterprise=enterprise,
            project=project,
            person=person,
            merits=merits,
            nominated_by=actor,
        )


def review(honour: Honour, *, actor, reason: str = "") -> Honour:
    """The jurisdiction's officer passes a nomination's first review (初审); not the officer who
    nominated it."""
    honour.refresh_from_db()
    require(actor, "ratings.review_honour", honour)
    claimed = Honour.objects.filter(pk=honour.pk, status=HonourStatus.NOMINATED).update(
        status=HonourStatus.REVIEWED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        reason=(reason or "").strip()[:2000],
    )
    if claimed != 1:
        raise InvalidState(_("只有已提名的可以初审。"))
    honour.refresh_from_db()
    return honour


def turn_down(honour: Honour, *, actor, reason: str) -> Honour:
    """Turn a nomination down at review or selection, always with a reason."""
    require(actor, "ratings.turn_down_honour", honour)
    reason = (reason or "").strip()[:2000]
    if not reason:
        raise ValidationError(_("不予评选必须写明理由。"))
    claimed = Honour.objects.filter(pk=honour.pk, status__in=[HonourStatus.NOMINATED, HonourStatus.REVIEWED]).update(
        status=HonourStatus.REJECTED, decided_by=actor, decided_at=timezone.now(), reason=reason
    )
    if claimed != 1:
        raise InvalidState(_("只有已提名或已初审的可以不予评选。"))
    honour.refresh_from_db()
    return honour


def select(honour: Honour, *, actor) -> Honour:
    """Select (评选, the publication) a reviewed nominee, refused beyond the quota with the base,
    the quota and the count, and refused to the officer who nominated or reviewed it."""
    honour.refresh_from_db()
    require(actor, "ratings.select_honour", honour)
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
        claimed = Honour.objects.filter(pk=honour.pk, status=HonourStatus.REVIEWED).update(
            status=HonourStatus.SELECTED, decided_by=actor, decided_at=timezone.now()
        )
        if claimed != 1:
            raise InvalidState(_("只有已初审的可以评选。"))
    honour.refresh_from_db()
    return honour


def standings(year: int, region) -> list[dict]:
    """Per kind in ``region`` for ``year``: the base, the quota, how many are selected and how
    many nominations are still open (one grouped query for the counts)."""
    counts = {
        (row["kind"], row["status"]): row["n"]
        for row in Honour.objects.filter(year=year, region=region).values("kind", "status").annotate(n=Count("pk"))
    }
    rows = []
    for kind, label in HonourKind.choices:
        base = base_of(kind, region)
        selected = counts.get((kind, HonourStatus.SELECTED), 0)
        pending = counts.get((kind, HonourStatus.NOMINATED), 0) + counts.get((kind, HonourStatus.REVIEWED), 0)
        rows.append(
            {
                "kind": kind,
                "label": label,
                "base": base,
                "quota": quota(base),
                "selected": selected,
                "pending": pending,
                "left": max(0, quota(base) - selected),
            }
        )
    return rows


def published_for(enterprise):
    """The enterprise's selected honours, latest year first (the public credit page)."""
    return (
        Honour.objects.filter(enterprise=enterprise, status=HonourStatus.SELECTED)
        .select_related("region", "project")
        .order_by("-year", "kind")
    )


def jurisdictions(user):
    """The cities and districts whose honours ``user`` looks at: staff, those of their region's
    path and below; an enterprise, those around its registered region and its projects."""
    regions = Region.objects.filter(level__in=JURISDICTION_LEVELS).order_by("path")
    if user.sees_everything:
        return regions
    if user.is_enterprise_user and user.enterprise_id:
        paths = {
            user.enterprise.region.path,
            *Project.objects.filter(enterprise_id=user.enterprise_id).values_list("region__path", flat=True).distinct(),
        }
        return regions.filter(code__in={code for path in paths for code in codes_on_path(path)})
    if user.is_region_scoped and user.region_path:
        return regions.filter(Q(path__startswith=user.region_path) | Q(code__in=codes_on_path(user.region_path)))
    return regions.none()


def home_jurisdiction(user, regions):
    """The jurisdiction a user's page opens on: their own district or city, else the nearest."""
    path = user.enterprise.region.path if user.is_enterprise_user and user.enterprise_id else user.region_path
    codes = codes_on_path(path or "")
    by_code = {r.code: r for r in regions}
    return next((by_code[c] for c in reversed(codes) if c in by_code), next(iter(regions), None))
