"""The quarterly scoring job: start a run, compute its partitions (on any number of Celery
workers, in any order), then aggregate the enterprises; review and publish.

Each partition replaces its own draft rows in one transaction, so a worker killed half-way
leaves that partition as it was and a re-run completes it; the partition that completes the
set aggregates the enterprises. A published quarter is never recomputed.
"""

from __future__ import annotations

import logging
from decimal import ROUND_HALF_UP, Decimal

from celery import current_app
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, F, Min, Sum
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.quarters import Quarter
from inspections.models import Summons
from projects.choices import RegionLevel
from projects.models import Region

from . import objections, scoring
from .choices import RunStatus
from .models import EnterpriseScore, ProjectScore, Scheme, ScoringRun

logger = logging.getLogger(__name__)
PARTITION_TASK = "ratings.tasks.compute_partition"  # queued by name: ratings.tasks imports this module


def start(quarter: Quarter, *, actor=None, enqueue: bool = True) -> ScoringRun:
    """Begin (or begin again) the scoring of ``quarter`` with the scheme in force then; queue
    one task per district after commit. Refused for a published quarter or without a scheme."""
    if actor is not None and not actor.is_bureau_officer:
        raise PermissionDenied(_("只有市、区（县）住建主管部门可以计算考核得分。"))
    scheme = Scheme.objects.in_force(quarter)
    if scheme is None:
        raise InvalidState(_("%(q)s 没有生效的考核方案。") % {"q": quarter})
    partitions = list(Region.objects.filter(level=RegionLevel.DISTRICT).order_by("code").values_list("code", flat=True))
    with transaction.atomic():
        run, _created = ScoringRun.objects.select_for_update().get_or_create(
            year=quarter.year, quarter=quarter.number, defaults={"scheme": scheme, "started_by": actor}
        )
        if run.status == RunStatus.PUBLISHED:
            raise InvalidState(_("%(q)s 的考核结果已公布，不能重新计算。") % {"q": quarter})
        run.scheme, run.status, run.partitions, run.partitions_done = scheme, RunStatus.COMPUTING, partitions, []
        run.started_by, run.started, run.finished, run.error = actor, timezone.now(), None, ""
        run.save()
        if enqueue:
            transaction.on_commit(lambda: _enqueue(run))
    return run


def _enqueue(run: ScoringRun) -> None:
    for code in run.partitions:
        current_app.send_task(PARTITION_TASK, args=[run.pk, code])


def compute_partition(run_id: int, code: str) -> int:
    """Replace the draft scores of one district and mark it done; the last one finishes the run.
    Returns the number of project scores written (0 when the run is published or gone).

    One transaction: delete the partition's rows, INSERT … SELECT the new ones, then lock the run
    row (briefly, so partitions on several workers compute at once) to mark the partition done;
    a second delivery of the same partition waits for the first on an advisory lock."""
    run = ScoringRun.objects.select_related("scheme").filter(pk=run_id, status=RunStatus.COMPUTING).first()
    district = Region.objects.filter(code=code).first()
    if run is None or district is None:
        return 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Draft rows are recomputed from stored facts: a crash losing the last commit leaves
            # the partition undone (atomically), and a re-run completes it.
            cursor.execute("SET LOCAL synchronous_commit = off")
            key = f"ratings.partition.{run_id}.{code}"
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
        ProjectScore.objects.filter(run=run, partition=code).delete()
        written = scoring.write(run, run.scheme, run.period, district.path)
        locked = ScoringRun.objects.select_for_update().get(pk=run_id)
        if locked.status != RunStatus.COMPUTING:
            transaction.set_rollback(True)
            return 0
        if code not in locked.partitions_done:
            locked.partitions_done = [*locked.partitions_done, code]
        if set(locked.partitions_done) >= set(locked.partitions):
            aggregate_enterprises(locked)
            locked.status, locked.finished = RunStatus.DRAFT, timezone.now()
        locked.save(update_fields=["partitions_done", "status", "finished"])
    return written


def run_all(run: ScoringRun) -> ScoringRun:
    """Compute every partition in this process (the command without workers, tests, demo)."""
    for code in run.partitions:
        compute_partition(run.pk, code)
    run.refresh_from_db()
    return run


def aggregate_enterprises(run: ScoringRun) -> int:
    """Enterprise scores from the run's project scores (household-weighted, one grouped query)
    plus summons in the quarter, each a penalty up to the scheme's cap."""
    params = run.scheme.params
    start, end = run.period.bounds()
    summons = dict(
        Summons.objects.filter(held_on__gte=start.date(), held_on__lt=end.date())
        .values("enterprise_id")
        .annotate(n=Count("id"))
        .values_list("enterprise_id", "n")
    )
    groups = (
        ProjectScore.objects.filter(run=run)
        .values("enterprise_id")
        .annotate(
            n_projects=Count("id"), n_households=Sum("households"), path=Min("enterprise__region__path"),
            weighted=Sum(F("score") * Greatest(F("households"), 1)), weight=Sum(Greatest(F("households"), 1)),
        )  # fmt: skip
    )
    upheld = objections.upheld_adjustments(run)
    rows = [_enterprise_row(run, g, summons.get(g["enterprise_id"], 0), params) for g in groups]
    for row in rows:
        for objection in upheld.get(row.enterprise_id, []):  # an upheld objection survives a recomputation
            row.adjustment += objection.adjustment
            row.adjustments.append(objections.adjustment_line(objection))
        objections.rescore(row)
    EnterpriseScore.objects.filter(run=run).delete()
    EnterpriseScore.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _enterprise_row(run, group: dict, summons: int, params: dict) -> EnterpriseScore:
    base = (Decimal(group["weighted"]) / Decimal(group["weight"])).quantize(scoring.ONE_PLACE, ROUND_HALF_UP)
    each, cap = Decimal(str(params["summons_penalty"])), Decimal(str(params["summons_penalty_cap"]))
    penalty = min(Decimal(summons) * each, cap)
    adjustments = [{"kind": "summons", "count": summons, "points": -float(penalty)}] if summons else []
    return EnterpriseScore(
        run=run, enterprise_id=group["enterprise_id"], region_path=group["path"] or "", projects=group["n_projects"],
        households=group["n_households"] or 0, base_score=base, adjustment=-penalty,
        score=max(Decimal(0), base - penalty), adjustments=adjustments,
    )  # fmt: skip


def publish(run: ScoringRun, *, actor=None) -> ScoringRun:
    """Publish a computed quarter: from then on it is final and shown to everyone it concerns.
    ``actor`` None is the system (demo data, tests)."""
    if actor is not None and not actor.is_bureau_officer:
        raise PermissionDenied(_("只有市、区（县）住建主管部门可以公布考核结果。"))
    with transaction.atomic():
        ScoringRun.objects.select_for_update().filter(pk=run.pk).first()  # objections lock it to file
        waiting = objections.pending(run)
        if waiting:
            raise InvalidState(_("该季度尚有 %(n)d 件异议未处理，处理完毕后才能公布。") % {"n": waiting})
        claimed = ScoringRun.objects.filter(pk=run.pk, status=RunStatus.DRAFT).update(
            status=RunStatus.PUBLISHED, published_at=timezone.now()
        )
    if claimed != 1:
        raise InvalidState(_("只有计算完成、待审核的季度可以公布。"))
    run.refresh_from_db()
    return run
