"""What the dashboards show of the ratings: the latest published quarter's score distribution
and the current red and black lists of a jurisdiction, or an enterprise's own recent scores."""

from __future__ import annotations

from django.db.models import Count, Q

from ratings.choices import ListColor, ListStatus, RunStatus
from ratings.models import EnterpriseScore, ListEdition, ListEntry, ProjectScore, ScoringRun

# Score bands of the distribution chart: (label, lower bound inclusive, upper bound exclusive).
BANDS = (("<60", None, 60), ("60–70", 60, 70), ("70–80", 70, 80), ("80–90", 80, 90), ("≥90", 90, None))


def _band(low, high) -> Q:
    q = Q()
    if low is not None:
        q &= Q(score__gte=low)
    if high is not None:
        q &= Q(score__lt=high)
    return q


def latest_run() -> ScoringRun | None:
    return ScoringRun.objects.filter(status=RunStatus.PUBLISHED).order_by("-year", "-quarter").first()


def ratings_summary(region, *, enterprise_id: int | None = None, user=None) -> dict:
    run = latest_run()
    if enterprise_id is not None:
        scores = list(
            EnterpriseScore.objects.visible_to(user)
            .filter(enterprise_id=enterprise_id, run__status=RunStatus.PUBLISHED)
            .select_related("run")
            .order_by("-run__year", "-run__quarter")[:8]
        )
        entries = list(
            ListEntry.objects.filter(enterprise_id=enterprise_id, edition__status=ListStatus.PUBLISHED)
            .select_related("edition__run", "edition__region")
            .order_by("-edition__run__year", "-edition__run__quarter")[:8]
        )
        return {"run": run, "scores": scores, "entries": entries}
    if run is None:
        return {"run": None}
    bands = ProjectScore.objects.filter(run=run, region_path__startswith=region.path).aggregate(
        **{f"b{i}": Count("id", filter=_band(low, high)) for i, (_label, low, high) in enumerate(BANDS)}
    )
    lists = list(
        ListEdition.objects.filter(run=run, region=region, status=ListStatus.PUBLISHED)
        .annotate(
            red=Count("entries", filter=Q(entries__color=ListColor.RED)),
            black=Count("entries", filter=Q(entries__color=ListColor.BLACK)),
        )
        .order_by("subject")
    )
    return {
        "run": run,
        "distribution": [{"band": label, "count": bands[f"b{i}"]} for i, (label, _l, _h) in enumerate(BANDS)],
        "lists": lists,
    }
