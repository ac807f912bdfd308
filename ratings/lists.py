"""Red and black lists (红黑榜): drafted from a quarter's scores by the scheme's rules, reviewed,
published; a published list is never edited, a correction supersedes it. A black-listed
enterprise is put under key supervision, and released when no current black list names it.

Default rules (the scheme's ``lists`` parameters): red = the best 10 % (at most 10) scoring at
least 90, with no substantiated complaint in a safety category and no rectification order
missed in the quarter; black = a score below 60, two or more summons in the quarter (enterprises),
or a rectification order overdue by more than 30 days (closed, or the quarter's end if still open,
minus the due date: ``long_overdue``).

Ties at the red list's cut (``red_cut``, stated to readers as ``TIE_RULE``): every subject tied
with the last one within the quota is listed while the list stays within ``red_max``; beyond it
the tied ones fill the quota's places by fewer substantiated complaints, then a higher share of
satisfied feedback, then more households, then the lower project code or 统一社会信用代码.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

from celery import current_app
from django.db import transaction
from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.measures import MEASURES
from complaints.models import Complaint
from core.errors import InvalidState
from core.permissions import require
from enterprises.models import Enterprise
from inspections.models import RectificationOrder, Summons
from projects.models import Project

from . import stars
from .choices import ListColor, ListStatus, ListSubject, RunStatus
from .models import EnterpriseScore, ListEdition, ListEntry, ProjectScore, ScoringRun
from .reasons import reason

CREDIT_SYNC_TASK = "ratings.tasks.sync_credit"  # the credit file follows the published lists
DEFAULT_RULES = {
    "red_share": 0.1,
    "red_max": 10,
    "red_min_score": 90,
    "black_below": 60,
    "black_summons": 2,
    "black_overdue_days": 30,
    "safety_categories": ["fire", "elevator", "security"],
}


def rules_of(run: ScoringRun) -> dict:
    return {**DEFAULT_RULES, **run.scheme.params.get("lists", {})}


# --- the rule --------------------------------------------------------------------------------
def candidates(run: ScoringRun, region, subject: str) -> list:
    """The scores of the jurisdiction's projects or enterprises, best first."""
    model = ProjectScore if subject == ListSubject.PROJECT else EnterpriseScore
    rows = model.objects.filter(run=run, region_path__startswith=region.path)
    return list(rows.order_by("-score", "pk"))


def draw_up(run: ScoringRun, region, subject: str) -> list[ListEntry]:
    """The entries the rules give (unsaved): red ones best first, then black ones worst first."""
    rules, rows = rules_of(run), candidates(run, region, subject)
    key = "project_id" if subject == ListSubject.PROJECT else "enterprise_id"
    facts = _facts(run, rules, key, [getattr(r, key) for r in rows])
    red_quota = min(rules["red_max"], math.ceil(len(rows) * rules["red_share"]))
    red = [r for r in rows if r.score >= rules["red_min_score"] and not facts["blocking"].get(getattr(r, key))]
    tied = [r for r in red if red_quota and len(red) > red_quota and r.score == red[red_quota - 1].score]
    ties = tie_facts(run, subject, tied)
    chosen, notes = red_cut(
        red,
        red_quota,
        rules["red_max"],
        lambda r: ties[getattr(r, key)].order_key(),
        lambda r: ties[getattr(r, key)].describe(),
    )
    entries = [_entry(ListColor.RED, _rank(r, chosen, better=True), r, subject, notes.get(r.pk, [])) for r in chosen]
    black = [(r, _black_reasons(r, rules, facts["black"].get(getattr(r, key), []))) for r in reversed(rows)]
    black = [(r, reasons) for r, reasons in black if reasons]
    listed = [r for r, _reasons in black]
    entries += [_entry(ListColor.BLACK, _rank(r, listed, better=False), r, subject, reasons) for r, reasons in black]
    return entries


TIE_RULE = gettext_lazy(
    "同分规则：红榜名额按比例确定（不超过上限）。名额线上有同分对象时，在上限允许的范围内同分者全部入榜；"
    "超过上限时，同分者依次按本季度有效投诉件数少、满意率（满意与基本满意占已评价投诉的比例，无评价视为 100%）高、"
    "服务户数多、项目编号或统一社会信用代码小的顺序入选，直至名额用完。"
)


@dataclass(frozen=True)
class TieFacts:
    """What orders subjects tied at the red list's cut (``red_cut``), in the order it is applied."""

    substantiated: int  # substantiated complaints received in the quarter: fewer first
    rated: int  # complaints with the resident's feedback in the quarter
    satisfied: int  # of them, satisfied or basically satisfied: a higher share first (none rated: 100 %)
    households: int  # households served: more first
    code: str  # the project's code or the enterprise's 统一社会信用代码: the last, reproducible resort

    @property
    def satisfaction(self) -> Fraction:
        return Fraction(self.satisfied, self.rated) if self.rated else Fraction(1)

    def order_key(self) -> tuple:
        return (self.substantiated, -self.satisfaction, -self.households, self.code)

    def describe(self) -> dict:
        """The facts as a list entry's reason (:mod:`ratings.reasons`)."""
        rate = f"{float(self.satisfaction) * 100:.1f}" if self.rated else None
        return reason("tie_facts", n=self.substantiated, r=rate, h=self.households)


def red_cut(ranked: list, quota: int, cap: int, order_key, explain=None) -> tuple[list, dict[int, list[dict]]]:
    """The red list from the eligible scores ``ranked`` best first: the best ``quota``; when
    scores equal to the last one's continue below the cut, all of them are listed if the list
    stays within ``cap``; otherwise the tied ones fill the places left in the order
    ``order_key`` gives (fewer substantiated complaints, then higher satisfaction, …: TIE_RULE).
    Returns the chosen scores and, by score id, the notes explaining a tied one's place (with
    ``explain(score)``, the facts the order read, when the order decided), as reasons
    (:mod:`ratings.reasons`)."""
    if quota <= 0:
        return [], {}
    if len(ranked) <= quota:
        return list(ranked), {}
    cut = ranked[quota - 1].score
    above = [r for r in ranked if r.score > cut]
    tied = [r for r in ranked if r.score == cut]
    if len(above) + len(tied) == quota:
        return above + tied, {}
    if len(above) + len(tied) <= cap:
        note = reason("tied_all_listed", n=len(tied) - 1, s=cut)
        return above + tied, {r.pk: [note] for r in tied}
    places = quota - len(above)
    ordered = sorted(tied, key=order_key)[:places]
    note = reason("tied_beyond_cap", n=len(tied), s=cut, c=cap, p=places)
    return above + ordered, {r.pk: [note, explain(r)] if explain else [note] for r in ordered}


def tie_facts(run: ScoringRun, subject: str, scores: list) -> dict[int, TieFacts]:
    """The tie-break facts of the tied ``scores`` (few), by project or enterprise id."""
    if not scores:
        return {}
    key = "project_id" if subject == ListSubject.PROJECT else "enterprise_id"
    ids = [getattr(s, key) for s in scores]
    start, end = run.period.bounds()
    received = Complaint.objects.filter(
        **{f"{key}__in": ids}, created__gte=start, created__lt=end, merged_into__isnull=True
    )
    counts = {
        row[key]: row
        for row in received.values(key).annotate(
            substantiated=Count("id", filter=MEASURES["substantiated"].q),
            rated=Count("id", filter=MEASURES["rated"].q),
            satisfied=Count("id", filter=MEASURES["satisfied"].q | MEASURES["basically_satisfied"].q),
        )
    }
    if subject == ListSubject.PROJECT:
        codes = dict(Project.objects.filter(pk__in=ids).values_list("pk", "code"))
    else:
        codes = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "uscc"))
    empty = {"substantiated": 0, "rated": 0, "satisfied": 0}
    return {
        getattr(s, key): TieFacts(
            substantiated=counts.get(getattr(s, key), empty)["substantiated"],
            rated=counts.get(getattr(s, key), empty)["rated"],
            satisfied=counts.get(getattr(s, key), empty)["satisfied"],
            households=s.households,
            code=codes.get(getattr(s, key), ""),
        )
        for s in scores
    }


def _rank(score, listed, *, better: bool) -> int:
    """Equal scores share a rank (1, 1, 3): red counts the better ones, black the worse ones."""
    ahead = [r for r in listed if (r.score > score.score if better else r.score < score.score)]
    return len(ahead) + 1


def _entry(color, rank, score, subject, reasons) -> ListEntry:
    project_id = score.project_id if subject == ListSubject.PROJECT else None
    return ListEntry(
        color=color,
        rank=rank,
        enterprise_id=score.enterprise_id,
        project_id=project_id,
        score=score.score,
        reasons=reasons,
    )


def _black_reasons(score, rules, found: list[dict]) -> list[dict]:
    below = score.score < rules["black_below"]
    return ([reason("score_below", s=score.score, t=rules["black_below"])] if below else []) + found


def _facts(run, rules, key: str, ids: list[int]) -> dict:
    """What keeps a subject off the red list (``blocking``) and puts it on the black list
    (``black``), each as reasons by id: three grouped queries over the quarter."""
    start, end = run.period.bounds()
    blocking, black = {}, {}
    safety = (
        Complaint.objects.filter(
            **{f"{key}__in": ids},
            created__gte=start,
            created__lt=end,
            substantiated=True,
            category__code__in=rules["safety_categories"],
        )
        .values(key)
        .annotate(n=Count("id"))
    )
    for row in safety:
        blocking.setdefault(row[key], []).append(reason("safety_complaints", n=row["n"]))
    missed = (
        RectificationOrder.objects.filter(**{f"{key}__in": ids}, due_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=F("due_at")))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
    )
    for row in missed.values(key).annotate(n=Count("id")):
        blocking.setdefault(row[key], []).append(reason("missed_orders", n=row["n"]))
    for row in long_overdue(missed, end, rules["black_overdue_days"]).values(key).annotate(n=Count("id")):
        black.setdefault(row[key], []).append(reason("long_overdue", d=rules["black_overdue_days"], n=row["n"]))
    if key == "enterprise_id":
        summons = Summons.objects.filter(enterprise_id__in=ids, held_on__gte=start.date(), held_on__lt=end.date())
        for row in summons.values("enterprise_id").annotate(n=Count("id")).filter(n__gte=rules["black_summons"]):
            black.setdefault(row["enterprise_id"], []).append(reason("summons", n=row["n"]))
    return {"blocking": blocking, "black": black}


def long_overdue(orders, end, days: int):
    """The orders overdue by more than ``days`` days at the quarter's end ``end``: overdue by =
    the time closed (销号), or ``end`` if the order was still open then, minus the due date. An
    order closed two days late is two days overdue, however long before ``end`` it was due."""
    overdue_until = Least(Coalesce("closed_at", Value(end)), Value(end))
    return orders.alias(overdue_until=overdue_until).filter(overdue_until__gt=F("due_at") + timedelta(days=days))


# --- the lifecycle ---------------------------------------------------------------------------
def generate(run: ScoringRun, region, subject: str, *, actor) -> ListEdition:
    """Draft (or redraft) the jurisdiction's list from the run's scores."""
    require(actor, "ratings.draw_up_list", region)
    if run.status not in (RunStatus.DRAFT, RunStatus.PUBLISHED):
        raise InvalidState(_("该季度得分尚未计算完成。"))
    with transaction.atomic():
        latest = _latest(run, region, subject, lock=True)
        if latest is not None and latest.status != ListStatus.DRAFT:
            raise InvalidState(_("该榜单已审核或公布，如需修改请发布更正。"))
        edition = latest or ListEdition.objects.create(run=run, region=region, subject=subject, drafted_by=actor)
        if edition.drafted_by_id != actor.pk:  # a redraft is the redrafter's: another officer reviews it
            ListEdition.objects.filter(pk=edition.pk).update(drafted_by=actor)
            edition.drafted_by = actor
        _replace_entries(edition, draw_up(run, region, subject))
    return edition


def _latest(run, region, subject, *, lock=False):
    editions = ListEdition.objects.filter(run=run, region=region, subject=subject).order_by("-version")
    return (editions.select_for_update() if lock else editions).first()


def _replace_entries(edition, entries) -> None:
    edition.entries.all().delete()
    for entry in entries:
        entry.edition = edition
    ListEntry.objects.bulk_create(entries)


def remove_entry(entry: ListEntry, *, actor) -> None:
    """Take an entry off a draft (after an objection, say); published lists are never edited."""
    edition = entry.edition
    require(actor, "ratings.edit_list", edition)
    with transaction.atomic():
        edition = ListEdition.objects.select_for_update().get(pk=edition.pk)
        if edition.status != ListStatus.DRAFT:
            raise InvalidState(_("只有草稿可以修改。"))
        entry.delete()
        # An edited draft is the editor's: another officer reviews it.
        ListEdition.objects.filter(pk=edition.pk).update(drafted_by=actor)


def review(edition: ListEdition, *, actor) -> ListEdition:
    """审核 a draft: by an officer other than the one who drafted it."""
    edition.refresh_from_db()
    require(actor, "ratings.review_list", edition)
    return _move(edition, ListStatus.DRAFT, ListStatus.REVIEWED, reviewed_by=actor, reviewed_at=timezone.now())


def publish(edition: ListEdition, *, actor) -> ListEdition:
    """Publish a reviewed list of a published quarter; the list it corrects is marked superseded
    and key supervision follows the current black lists. The publisher is neither the officer
    who drafted it nor the one who reviewed it."""
    edition.refresh_from_db()
    require(actor, "ratings.publish_list", edition)
    if not ScoringRun.objects.filter(pk=edition.run_id, status=RunStatus.PUBLISHED).exists():
        raise InvalidState(_("季度考核结果公布后才能公布红黑榜。"))
    edition = _move(edition, ListStatus.REVIEWED, ListStatus.PUBLISHED, published_by=actor, published_at=timezone.now())
    if edition.supersedes_id:
        ListEdition.objects.filter(pk=edition.supersedes_id).update(status=ListStatus.SUPERSEDED)
    refresh_key_supervision()
    if edition.subject == ListSubject.ENTERPRISE:
        stars.downgrade_for_black_lists(edition.run.year)  # a later black list costs a published star
    transaction.on_commit(lambda: current_app.send_task(CREDIT_SYNC_TASK), robust=True)  # beat catches up
    return edition


def _move(edition, source, target, **fields) -> ListEdition:
    claimed = ListEdition.objects.filter(pk=edition.pk, status=source).update(status=target, **fields)
    if claimed != 1:
        raise InvalidState(_("该榜单当前状态为“%(s)s”，不能执行此操作。") % {"s": edition.get_status_display()})
    edition.refresh_from_db()
    return edition


def supersede(edition: ListEdition, *, reason: str, actor) -> ListEdition:
    """Start a correction of a published list: a new draft version with the same entries and the
    reason; the published one stays until the correction is published."""
    require(actor, "ratings.correct_list", edition)
    if not (reason or "").strip():
        raise InvalidState(_("更正必须写明理由。"))
    with transaction.atomic():
        latest = _latest(edition.run, edition.region, edition.subject, lock=True)
        if latest.pk != edition.pk or edition.status != ListStatus.PUBLISHED:
            raise InvalidState(_("只有当前公布的榜单可以更正。"))
        correction = ListEdition.objects.create(
            run=edition.run,
            region=edition.region,
            subject=edition.subject,
            version=edition.version + 1,
            supersedes=edition,
            reason=reason.strip()[:2000],
            drafted_by=actor,
        )
        copies = [
            ListEntry(
                color=e.color,
                rank=e.rank,
                enterprise_id=e.enterprise_id,
                project_id=e.project_id,
                score=e.score,
                reasons=e.reasons,
            )
            for e in edition.entries.all()
        ]
        _replace_entries(correction, copies)
    return correction


def current_black_entries():
    """Black entries of published (not superseded) enterprise lists of the latest quarter with any."""
    published = ListEdition.objects.filter(status=ListStatus.PUBLISHED, subject=ListSubject.ENTERPRISE)
    latest = published.aggregate(y=Max("run__year"))["y"]
    if latest is None:
        return ListEntry.objects.none()
    quarter = published.filter(run__year=latest).aggregate(q=Max("run__quarter"))["q"]
    editions = published.filter(run__year=latest, run__quarter=quarter)
    return ListEntry.objects.filter(edition__in=editions, color=ListColor.BLACK).select_related(
        "edition__run", "edition__region"
    )


def refresh_key_supervision() -> int:
    """Put black-listed enterprises under key supervision (with the list as the reason) and release
    those the lists had put there and no current black list names. Returns how many are listed."""
    entries = {e.enterprise_id: e for e in current_black_entries()}
    with transaction.atomic():
        Enterprise.objects.filter(key_supervision_by_list=True).exclude(pk__in=entries).update(
            key_supervision=False, key_supervision_by_list=False, key_supervision_reason=""
        )
        for enterprise_id, entry in entries.items():
            reason = _("%(q)s 黑榜（%(r)s）") % {"q": entry.edition.run.period, "r": entry.edition.region.name}
            # An officer's own key supervision stays theirs: the lists never take it over or release it.
            Enterprise.objects.filter(pk=enterprise_id).filter(
                Q(key_supervision=False) | Q(key_supervision_by_list=True)
            ).update(key_supervision=True, key_supervision_by_list=True, key_supervision_reason=reason[:200])
    return len(entries)
