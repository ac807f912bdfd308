"""Random draws (双随机一公开): random projects, random inspectors, results made public.

The algorithm, so that anyone can re-run a published draw:

1. The candidate pool is frozen at draw time as ``[{"id", "region", "enterprise"}]`` (project
   id, its region's materialised path, its enterprise id), and so are the inspectors
   (``[{"id", "region", "enterprise"}]``: user id, home region path, linked enterprise id).
2. Projects are ordered by ``SHA-256("<seed>:project:<project id>")`` (hex, ascending).
3. Walking that order, each project gets the ``k`` inspectors with the smallest
   ``SHA-256("<seed>:inspector:<project id>:<user id>")`` among those without a conflict: an
   inspector never inspects a project inside their own community (their home region is the
   project's region or contains it at community level) nor one managed by an enterprise they
   are linked to. A project with fewer than ``k`` eligible inspectors is skipped.
4. The first ``n`` projects so served are the result.

The seed is drawn from the OS's CSPRNG when the draw is executed and published with it.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.permissions import require
from core.punctuation import join_list
from core.text import as_id
from projects.choices import ManagementMode, ProjectType
from projects.models import Project
from regions.choices import RegionLevel

from .choices import DrawStatus, WorkEventType
from .models import Draw, DrawResult, record

# Pool filters an officer may set, and the Project lookups they map to.
POOL_FILTERS = {
    "project_type": "project_type__in",
    "management_mode": "management_mode__in",
    "enterprise": "enterprise_id__in",
    "key_supervision": "enterprise__key_supervision",
}


def check_pool_filters(filters) -> dict:
    """``filters`` if it is a valid pool definition (an object with known keys: lists of
    project types, management modes and enterprise ids, and a true/false key supervision);
    ``ValidationError`` naming what is wrong otherwise."""
    if not isinstance(filters, dict):
        raise ValidationError(_('抽取条件应为对象，例如 {"project_type": ["residential"]}。'))
    unknown = sorted(set(filters) - set(POOL_FILTERS))
    if unknown:
        raise ValidationError(_("未知的抽取条件：%(k)s") % {"k": join_list(unknown)})
    allowed = {"project_type": ProjectType.values, "management_mode": ManagementMode.values}
    for key, values in filters.items():
        if key == "key_supervision":
            valid = isinstance(values, bool)
        elif key == "enterprise":
            valid = isinstance(values, list) and all(isinstance(v, int) and as_id(v) for v in values)
        else:
            valid = isinstance(values, list) and all(isinstance(v, str) and v in allowed[key] for v in values)
        if not valid:
            raise ValidationError(_("抽取条件“%(k)s”的取值无效。") % {"k": key})
    return filters


def rank(seed: str, *parts) -> str:
    return hashlib.sha256(":".join([seed, *map(str, parts)]).encode()).hexdigest()


def candidate_projects(draw: Draw):
    """The projects the draw may pick from: inside its region, matching its filters."""
    qs = Project.objects.within(draw.region)
    for key, values in (draw.pool_filters or {}).items():
        if key not in POOL_FILTERS:
            raise ValidationError(_("未知的抽取条件：%(k)s") % {"k": key})
        qs = qs.filter(**{POOL_FILTERS[key]: values})
    return qs


def conflicts(project: dict, inspector: dict) -> bool:
    """Own community, or an enterprise the inspector is linked to."""
    if inspector.get("enterprise") and inspector["enterprise"] == project.get("enterprise"):
        return True
    home = inspector.get("region") or ""
    community_level = home.count("/") >= RegionLevel.COMMUNITY
    return bool(home) and community_level and project["region"].startswith(home)


def compute(seed: str, pool: list[dict], inspectors: list[dict], n: int, k: int) -> list[tuple[int, list[int]]]:
    """The draw as a pure function of its published inputs: ``[(project id, [user ids])]``."""
    ordered = sorted(pool, key=lambda p: rank(seed, "project", p["id"]))
    results = []
    for project in ordered:
        if len(results) == n:
            break
        eligible = [i for i in inspectors if not conflicts(project, i)]
        if len(eligible) < k:
            continue
        chosen = sorted(eligible, key=lambda i: rank(seed, "inspector", project["id"], i["id"]))[:k]
        results.append((project["id"], [i["id"] for i in chosen]))
    return results


def _frozen_pool(draw: Draw) -> list[dict]:
    rows = candidate_projects(draw).values_list("pk", "region__path", "enterprise_id").order_by("pk")
    return [{"id": pk, "region": path, "enterprise": ent} for pk, path, ent in rows]


def _frozen_inspectors(draw: Draw) -> list[dict]:
    rows = draw.inspector_pool.select_related("region").order_by("pk")
    return [{"id": u.pk, "region": u.region.path if u.region_id else "", "enterprise": u.enterprise_id} for u in rows]


def execute(draw: Draw, *, actor, seed: str | None = None) -> Draw:
    """Freeze the pool, draw with a fresh seed, store and publish the result in one step; a
    published draw is never drawn again (no picking a result one likes)."""
    require(actor, "inspections.execute_draw", draw)
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw.pk)
        if draw.status != DrawStatus.DRAFT:
            raise InvalidState(_("该抽取已执行并公布，不能重新抽取。"))
        pool, inspectors = _frozen_pool(draw), _frozen_inspectors(draw)
        if len(inspectors) < draw.inspectors_per_project:
            raise ValidationError(_("检查人员库少于每个项目所需的 %(k)d 人。") % {"k": draw.inspectors_per_project})
        seed = seed or secrets.token_hex(16)
        results = compute(seed, pool, inspectors, draw.project_count, draw.inspectors_per_project)
        if len(results) < draw.project_count:
            raise ValidationError(
                _("符合条件且有足够无利害关系检查人员的项目只有 %(n)d 个，少于要抽取的 %(want)d 个。")
                % {"n": len(results), "want": draw.project_count}
            )
        DrawResult.objects.bulk_create(
            [DrawResult(draw=draw, rank=i + 1, project_id=pid, inspectors=ids) for i, (pid, ids) in enumerate(results)]
        )
        now = timezone.now()
        Draw.objects.filter(pk=draw.pk).update(
            seed=seed,
            frozen_pool=pool,
            frozen_inspectors=inspectors,
            drawn_at=now,
            published_at=now,
            status=DrawStatus.PUBLISHED,
        )
        record(draw, WorkEventType.EXECUTED, actor, note=seed)
    draw.refresh_from_db()
    return draw


def verify(draw: Draw) -> tuple[bool, list[str]]:
    """Re-run a published draw from its seed and frozen inputs; compare with what was stored."""
    if draw.status != DrawStatus.PUBLISHED:
        return False, [_("该抽取尚未执行。")]
    expected = compute(
        draw.seed, draw.frozen_pool, draw.frozen_inspectors, draw.project_count, draw.inspectors_per_project
    )
    stored = [(r.project_id, list(r.inspectors)) for r in draw.results.order_by("rank")]
    if expected == stored:
        return True, []
    problems = []
    for i, (want, got) in enumerate(zip(expected, stored, strict=False), start=1):
        if want != got:
            problems.append(_("第 %(i)d 个：应为 %(want)s，记录为 %(got)s") % {"i": i, "want": want, "got": got})
    if len(expected) != len(stored):
        problems.append(_("数量不符：应为 %(a)d，记录为 %(b)d") % {"a": len(expected), "b": len(stored)})
    return False, problems
