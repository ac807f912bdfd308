"""The public red and black lists (红黑榜): published editions only, corrections shown with the
list they correct."""

from django.db.models import Max, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from enterprises.models import Enterprise

from . import credit, honours, stars
from .choices import ListColor, ListStatus
from .lists import TIE_RULE
from .models import CreditRecord, ListEdition

SECTIONS = [(ListColor.RED, ListColor.RED.label, "danger"), (ListColor.BLACK, ListColor.BLACK.label, "dark")]


def lists(request):
    """The latest quarter's published lists of every jurisdiction."""
    published = ListEdition.objects.public().select_related("run", "region")
    latest = published.filter(status=ListStatus.PUBLISHED).aggregate(y=Max("run__year"))["y"]
    editions = []
    if latest is not None:
        quarter = published.filter(run__year=latest).aggregate(q=Max("run__quarter"))["q"]
        editions = list(published.filter(run__year=latest, run__quarter=quarter, status=ListStatus.PUBLISHED))
    history = published.exclude(pk__in=[e.pk for e in editions]).order_by("-run__year", "-run__quarter")[:40]
    return render(request, "public/lists.html", {"editions": editions, "history": history})


def list_context(edition, *, manage: bool) -> dict:
    """What a list's page shows, for the public and the staff page alike."""
    entries = list(edition.entries.select_related("enterprise", "project"))
    colors = {entry.color for entry in entries}
    return {
        "edition": edition,
        "entries": entries,
        "sections": SECTIONS,
        "manage": manage,
        "has_red": ListColor.RED in colors,
        "has_black": ListColor.BLACK in colors,
        "tie_rule": TIE_RULE,
    }


def list_detail(request, pk):
    edition = get_object_or_404(ListEdition.objects.public().select_related("run", "region"), pk=pk)
    return render(request, "public/list_detail.html", list_context(edition, manage=False))


def credit_lookup(request):
    """Public credit lookup by enterprise name or 统一社会信用代码."""
    q = request.GET.get("q", "").strip()[:100]
    found = []
    if len(q) >= 2:
        matches = list(Enterprise.objects.filter(Q(name__icontains=q) | Q(uscc=q.upper())).order_by("name")[:20])
        scores = credit.scores_on([e.pk for e in matches])
        found = [(e, scores[e.pk], credit.grade(scores[e.pk])) for e in matches]
    return render(request, "public/credit_lookup.html", {"q": q, "found": found})


def credit_detail(request, uscc):
    enterprise = get_object_or_404(Enterprise, uscc=str(uscc).upper()[:18])
    score = credit.score_on(enterprise.pk)
    records = CreditRecord.objects.filter(enterprise=enterprise).prefetch_related("lists__region")
    today = timezone.localdate()
    context = {
        "enterprise": enterprise, "score": score, "grade": credit.grade(score), "today": today,
        "valid": records.valid_on(today), "expired": records.filter(valid_until__lte=today)[:50],
        "stars": stars.published_for(enterprise)[:5], "honours": honours.published_for(enterprise)[:10],
    }  # fmt: skip
    return render(request, "public/credit_detail.html", context)
