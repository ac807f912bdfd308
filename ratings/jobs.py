"""The quarterly scoring job: start a run, compute its partitions (on any number of Celery
workers, in any order), then aggregate the enterprises; review and publish.

Each partition replaces its own draft rows in one transaction, so a worker killed half-way
leaves that partition as it was and a re-run completes it; the partition that completes the
set aggregates the enterprises. A published quarter is never recomputed.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

from celery import current_app
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.permissions import require
from core.quarters import Quarter
from regions.choices import RegionLevel
from regions.models import Region

from . import adjustments, objections, scoring
from .choices import RunStatus
from .models import EnterpriseScore, ProjectScore, Scheme, ScoringRun

logger = logging.getLogger(__name__)
PARTITION_TASK = "ratings.tasks.compute_partition"  # queued by name: ratings.tasks imports this module


def start(quarter: Quarter, *, actor=None, enqueue: bool = True) -> ScoringRun:
    """Begin (or begin again) the scoring of ``quarter`` with the scheme in force then; queue
    one task per partition after commit. Refused for a published quarter or without a scheme."""
    if actor is not None:
        require(actor, "ratings.start_run", quarter)
    scheme = Scheme.objects.in_force(quarter)
    if scheme is None:
        raise InvalidState(_("%(q)s 没有生效的考核方案。") % {"q": quarter})
    partitions = partition_codes()
    with transaction.atomic():
        run, _created = ScoringRun.objects.select_for_update().get_or_create(
            year=quarter.year, quarter=quarter.number, defaults={"scheme": scheme, "started_by": actor}
        )
        if run.status == RunStatus.PUBLISHED:
            raise InvalidState(_("%(q)s 的考核结果已公布，不能重新计算。") % {"q": quarter})
        run.scheme, run.status, run.partitions, run.partitions_done = scheme, RunStatus.COMPUTING, partitions, []
        # Rows of partitions the run no longer has (regions changed, a city became a province)
        ProjectScore.objects.filter(run=run).exclude(partition__in=partitions).delete()
        run.started_by, run.started, run.finished, run.error, run.error_at = actor, timezone.now(), None, "", None
        run.queued_at = run.started
        run.reviewed_by, run.reviewed_at = None, None  # recomputed figures are reviewed again
        run.save()
        if enqueue:
            transaction.on_commit(lambda: _enqueue(run))
    return run


# A partition is one statement over its projects (``scoring.write``): enough partitions to spread
# over the workers, few enough that each is large, as its planning, commit and bookkeeping are
# fixed costs (a province's 128 districts spent most of the job on them). The cities when there
# are at least MIN_PARTITIONS of them (a province), else the districts (a city).
MIN_PARTITIONS = 8


def partition_codes() -> list[str]:
    """The region codes of the partitions, in code order."""
    cities = list(Region.objects.filter(level=RegionLevel.CITY).order_by("code").values_list("code", flat=True))
    if len(cities) >= MIN_PARTITIONS:
        return cities
    return list(Region.objects.filter(level=RegionLevel.DISTRICT).order_by("code").values_list("code", flat=True))


def _enqueue(run: ScoringRun, codes=None) -> None:
    for code in run.partitions if codes is None else codes:
        current_app.send_task(PARTITION_TASK, args=[run.pk, code])


def requeue_stuck(now=None) -> int:
    """Queue again the partitions not done of every run computing since longer than
    ``SCORING_STUCK_MINUTES`` (a worker died, the broker lost a message, the retries ran out);
    each run is claimed by moving its ``queued_at`` (two sweepers never both queue it) and
    queued after commit. Returns the number of partitions queued. A partition delivered twice
    waits for the first on its advisory lock and does no harm."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.SCORING_STUCK_MINUTES)
    stuck = ScoringRun.objects.filter(status=RunStatus.COMPUTING).filter(
        Q(queued_at__lt=cutoff) | Q(queued_at__isnull=True, started__lt=cutoff)
    )
    queued = 0
    for run in stuck:
        claimed = ScoringRun.objects.filter(pk=run.pk, status=RunStatus.COMPUTING, queued_at=run.queued_at).update(
            queued_at=now
        )
        missing = [code for code in run.partitions if code not in run.partitions_done]
        if claimed != 1 or not missing:
            continue
        logger.warning("scoring run %s stuck since %s: queueing %d partitions again", run, run.queued_at, len(missing))
        transaction.on_commit(lambda run=run, missing=missing: _enqueue(run, missing), robust=True)
        queued += len(missing)
    return queued


def record_failure(run_id: int, code: str, error: BaseException, *, retrying: bool) -> bool:
    """Write a partition's failure on its run (the text and the time), shown on the run's page;
    the run stays computing, so a retry or the sweeper completes it. Returns whether a run was
    marked (not when it is no longer computing)."""
    if retrying:
        text = _("分区 %(c)s 计算出错，将自动重试：%(e)s") % {"c": code, "e": error}
    else:
        text = _("分区 %(c)s 计算失败（重试已用完），将在卡住 %(m)d 分钟后重新排队：%(e)s") % {
            "c": code,
            "e": error,
            "m": settings.SCORING_STUCK_MINUTES,
        }
    logger.error("scoring run %s partition %s: %s", run_id, code, error)
    marked = ScoringRun.objects.filter(pk=run_id, status=RunStatus.COMPUTING).update(
        error=text[:2000], error_at=timezone.now()
    )
    return marked == 1


def compute_partition(run_id: int, code: str) -> int:
    """Replace the draft scores of one partition (a region) and mark it done; the last one finishes the run.
    Returns the number of project scores written (0 when the run is published or gone).

    One transaction: replace the partition's rows (``scoring.write``), then lock the run
    row (briefly, so partitions on several workers compute at once) to mark the partition done;
    a second delivery of the same partition waits for the first on an advisory lock."""
    run = ScoringRun.objects.select_related("scheme").filter(pk=run_id, status=RunStatus.COMPUTING).first()
    region = Region.objects.filter(code=code).first()
    if run is None or region is None:
        return 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Draft rows are recomputed from stored facts: a crash losing the last commit leaves
            # the partition undone (atomically), and a re-run completes it.
            cursor.execute("SET LOCAL synchronous_commit = off")
            key = f"ratings.partition.{run_id}.{code}"
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
        written = scoring.write(run, run.scheme, run.period, region.path)  # replaces the partition's rows
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


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one): the
    default number of partitions ``compute_scores --here`` computes at once."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def run_all(run: ScoringRun, *, parallel: int = 1) -> ScoringRun:
    """Compute every partition in this process (the command without workers, tests, demo), on up
    to ``parallel`` database connections at once: each partition's statement runs in its own
    PostgreSQL backend, so the server's cores share the work as they do on several workers.

    Inside a transaction (the demo seed, a test) the partitions run one after another on this
    connection: other connections could not see the run it started."""
    codes = list(run.partitions)
    threads = min(parallel, len(codes))
    if threads <= 1 or connection.in_atomic_block:
        for code in codes:
            compute_partition(run.pk, code)
    else:
        pending, failed = queue.SimpleQueue(), threading.Event()
        for code in codes:
            pending.put(code)
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="scoring") as pool:
            drains = [pool.submit(_drain, run.pk, pending, failed) for _ in range(threads)]
        for drain in drains:
            drain.result()  # raises the (first) failure, as the sequential loop would
    run.refresh_from_db()
    return run


def _drain(run_id: int, pending: queue.SimpleQueue, failed: threading.Event) -> None:
    """One thread of ``run_all``: compute partitions until none is left or one has failed (the
    run then stays COMPUTING, as after a failed worker, and computing it again completes it), on
    the thread's own connection, closed at the end."""
    try:
        while not failed.is_set():
            try:
                code = pending.get_nowait()
            except queue.Empty:
                return
            compute_partition(run_id, code)
    except BaseException:
        failed.set()
        raise
    finally:
        connections.close_all()


def aggregate_enterprises(run: ScoringRun) -> int:
    """Enterprise scores from the run's project scores (household-weighted) plus summons in the
    quarter, each a penalty up to the scheme's cap: one INSERT … SELECT; then the (few) rows with
    other adjustments — an honour this year, administrative penalties in the quarter, upheld
    objections of a recomputed run (``adjustments``) — get their lines and are rescored."""
    params = run.scheme.params
    start, end = run.period.bounds()
    values = {
        "run": run.pk,
        "start": start.date(),
        "end": end.date(),
        "each": Decimal(str(params["summons_penalty"])),
        "cap": Decimal(str(params["summons_penalty_cap"])),
    }
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ratings_enterprisescore WHERE run_id = %s", [run.pk])
        cursor.execute(ENTERPRISE_SQL, values)
        written = cursor.rowcount
    extra = adjustments.lines(run)
    upheld = objections.upheld_adjustments(run)  # an upheld objection survives a recomputation
    for row in EnterpriseScore.objects.filter(run=run, enterprise_id__in={*extra, *upheld}):
        objected = [objections.adjustment_line(objection) for objection in upheld.get(row.enterprise_id, [])]
        row.adjustments = [*row.adjustments, *extra.get(row.enterprise_id, []), *objected]
        row.adjustment = adjustments.total(row.adjustments)
        objections.rescore(row)
        row.save(update_fields=["adjustment", "adjustments", "score"])
    return written


# base = Σ score × max(households, 1) ÷ Σ max(households, 1), rounded half up to 0.1 (the
# division keeps 16+ significant digits: a tie is exact, anything else is far from one);
# penalty = min(summons × each, cap); score = base − penalty within 0–100. The penalty in the
# JSON keeps a decimal point (a float, as the explanation shows it).
ENTERPRISE_SQL = """
WITH summons AS (
    SELECT enterprise_id, count(*) AS n FROM inspections_summons
    WHERE held_on >= %(start)s AND held_on < %(end)s
    GROUP BY enterprise_id
),
grouped AS (
    SELECT ps.enterprise_id, count(*) AS projects, coalesce(sum(ps.households), 0) AS households,
           round(sum(ps.score * greatest(ps.households, 1)) / sum(greatest(ps.households, 1)), 1) AS base,
           coalesce(min(s.n), 0) AS summons, least(coalesce(min(s.n), 0) * %(each)s, %(cap)s) AS penalty
    FROM ratings_projectscore ps LEFT JOIN summons s ON s.enterprise_id = ps.enterprise_id
    WHERE ps.run_id = %(run)s
    GROUP BY ps.enterprise_id
)
INSERT INTO ratings_enterprisescore
    (run_id, enterprise_id, region_path, projects, households, base_score, adjustment, score, adjustments)
SELECT %(run)s, g.enterprise_id, coalesce(r.path, ''), g.projects, g.households, g.base, -g.penalty,
       least(100, greatest(0, g.base - g.penalty)),
       CASE WHEN g.summons > 0 THEN jsonb_build_array(jsonb_build_object(
           'kind', 'summons', 'count', g.summons, 'points', round(-g.penalty, greatest(scale(g.penalty), 1))))
       ELSE '[]'::jsonb END
FROM grouped g
JOIN enterprises_enterprise e ON e.id = g.enterprise_id
LEFT JOIN regions_region r ON r.id = e.region_id
"""


def review(run: ScoringRun, *, actor) -> ScoringRun:
    """审核 a computed quarter: an officer other than the one who started it attests the figures
    before another one publishes them. Computing it again clears the review."""
    run.refresh_from_db()
    require(actor, "ratings.review_run", run)
    claimed = ScoringRun.objects.filter(pk=run.pk, status=RunStatus.DRAFT, reviewed_at__isnull=True).update(
        reviewed_by=actor, reviewed_at=timezone.now()
    )
    if claimed != 1:
        raise InvalidState(_("只有计算完成、尚未审核的季度可以审核。"))
    run.refresh_from_db()
    return run


def publish(run: ScoringRun, *, actor=None) -> ScoringRun:
    """Publish a computed, reviewed quarter: from then on it is final and shown to everyone it
    concerns. The publisher is neither the officer who started it nor its reviewer. ``actor``
    None is the system (demo data, tests), which needs no review."""
    if actor is not None:
        run.refresh_from_db()
        require(actor, "ratings.publish_run", run)
    with transaction.atomic():
        ScoringRun.objects.select_for_update().filter(pk=run.pk).first()  # objections lock it to file
        refusal = objections.publication_refusal(run, actor=actor)
        if refusal:
            raise InvalidState(refusal)
        draft = ScoringRun.objects.filter(pk=run.pk, status=RunStatus.DRAFT)
        if actor is not None and not draft.filter(reviewed_at__isnull=False).exists():
            raise InvalidState(_("该季度考核结果尚未审核，审核后才能公布。"))
        claimed = draft.update(status=RunStatus.PUBLISHED, published_at=timezone.now(), published_by=actor)
    if claimed != 1:
        raise InvalidState(_("只有计算完成、待审核的季度可以公布。"))
    run.refresh_from_db()
    return run


def summary(run: ScoringRun, *, extremes: int = 5) -> dict:
    """What publishing ``run`` makes public, for its confirmation page: how many project and
    enterprise scores, the ``extremes`` best and worst enterprises, and the objections still
    pending (which hold the publication)."""
    scores = EnterpriseScore.objects.filter(run=run).select_related("enterprise")
    return {
        "project_count": ProjectScore.objects.filter(run=run).count(),
        "enterprise_count": scores.count(),
        "top": list(scores.order_by("-score", "enterprise_id")[:extremes]),
        "bottom": list(scores.order_by("score", "-enterprise_id")[:extremes]),
        "pending_objections": objections.pending(run),
    }
