"""What everyone sees of owners' votes: the notice and the result on the project's public page
(a panel, ``core.panels``: the page is the projects app's, below this one) and a result page
with the arithmetic, listing the units that voted by number and area only — never names."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import counting
from .choices import RESULT_PUBLISHED, VoteStatus
from .models import Ballot, MatterResult, RollEntry, Vote

# How long a vote's result stays on the project's page after its announcement.
PANEL_DAYS = 365


def project_panel(project) -> dict | None:
    """The project's current vote (announced and not yet decided) or its latest result."""
    recent = timezone.now() - timedelta(days=PANEL_DAYS)
    vote = (
        Vote.objects.filter(project=project)
        .exclude(status=VoteStatus.DRAFT)
        .exclude(status=VoteStatus.ARCHIVED, archived_at__lt=recent)
        .order_by("-noticed_at")
        .first()
    )
    if vote is None:
        return None
    context = {"vote": vote, "matters": list(vote.matters.all())}
    if vote.objections_end_at is not None:
        # How many objections there were and how many are answered: counts only, never who.
        context["objections"] = vote.objections.aggregate(
            received=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
        )
    if vote.status in RESULT_PUBLISHED:
        results = {r.matter_id: r for r in MatterResult.objects.filter(matter__vote=vote)}
        for matter in context["matters"]:
            matter.outcome = results.get(matter.pk)
    return context


def vote_result(request, pk):
    vote = get_object_or_404(Vote.objects.exclude(status=VoteStatus.DRAFT).select_related("project"), pk=pk)
    context = {"vote": vote, "matters": list(vote.matters.all())}
    if vote.objections_end_at is not None:
        # How many objections there were and how many are answered: counts only, never who.
        context["objections"] = vote.objections.aggregate(
            received=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
        )
    if vote.status in RESULT_PUBLISHED:
        results = MatterResult.objects.filter(matter__vote=vote).select_related("matter").order_by("matter__position")
        context["results"] = [(r, counting.explain(counting.tally_of(r, vote))) for r in results]
        voted = Ballot.objects.filter(vote=vote).values("unit")
        context["units"] = (
            RollEntry.objects.filter(vote=vote, unit__in=voted).order_by("label").values_list("label", "area")
        )
    return render(request, "owners/public/vote_result.html", context)
