"""The public red and black lists (红黑榜): published editions only, corrections shown with the
list they correct."""

from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.forms import bootstrapify
from core.pagination import paginate
from core.quarters import Quarter
from enterprises.models import Enterprise

from . import credit, honours, stars
from .choices import ListColor, ListStatus
from .filtersets import PublicListFilterSet
from .lists import TIE_RULE
from .models import CreditRecord, ListEdition, ListEntry

SECTIONS = [(ListColor.RED, ListColor.RED.label, "danger"), (ListColor.BLACK, ListColor.BLACK.label, "dark")]
LIST_ROWS = 50


def lists(request):
    """The entries of the published lists, filtered by quarter (the latest unless chosen),
    jurisdiction, subject and colour, the lists in an order that does not move from quarter to
    quarter (:func:`_in_order`). Below, the lists themselves, corrections included."""
    data = request.GET.copy()
    if "quarter" not in data:
        latest = ListEdition.objects.filter(status=ListStatus.PUBLISHED).order_by("-run__year", "-run__quarter")
        latest = latest.values_list("run__year", "run__quarter").first()
        data["quarter"] = str(Quarter(*latest)) if latest else ""
    entries = ListEntry.objects.filter(edition__status=ListStatus.PUBLISHED).select_related(
        "edition__run", "edition__region", "enterprise", "project"
    )
    filterset = PublicListFilterSet(data, queryset=entries)
    bootstrapify(filterset.form)
    query = data.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page_obj": paginate(request, _in_order(filterset.qs), LIST_ROWS),
        "querystring": query.urlencode(),
        "editions": _editions(filterset),
    }
    return render(request, "public/lists.html", context)


def _in_order(entries):
    """Quarter (latest first), colour (red first), jurisdiction, subject, then each list in
    its own order: rank, and the name among equals."""
    return (
        entries.alias(
            red_first=Case(When(color=ListColor.RED, then=Value(0)), default=Value(1)),
            name=Coalesce("project__name", "enterprise__name"),
        )
        # One card per list and colour: the template groups consecutive rows on this.
        .annotate(list_group=Concat(Cast("edition_id", CharField()), Value(":"), "color"))
        .order_by(
            "-edition__run__year",
            "-edition__run__quarter",
            "red_first",
            "edition__region__path",
            "edition__subject",
            "rank",
            "name",
            "pk",
        )
    )


def _editions(filterset):
    """The published and corrected lists the filters' quarter, jurisdiction and subject name."""
    editions = ListEdition.objects.public().select_related("run", "region")
    filterset.is_valid()  # a choice that is not one is left out, as the entries' filter leaves it
    chosen = filterset.form.cleaned_data
    if chosen.get("quarter"):
        quarter = Quarter.parse(chosen["quarter"])
        editions = editions.filter(run__year=quarter.year, run__quarter=quarter.number)
    if chosen.get("region"):
        editions = editions.filter(region__code=chosen["region"])
    if chosen.get("subject"):
        editions = editions.filter(subject=chosen["subject"])
    return editions.order_by("-run__year", "-run__quarter", "region__path", "subject", "-version")[:40]


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
        "enterprise": enterprise,
        "score": score,
        "grade": credit.grade(score),
        "today": today,
        "valid": records.valid_on(today),
        "expired": records.filter(valid_until__lte=today)[:50],
        "stars": stars.published_for(enterprise)[:5],
        "honours": honours.published_for(enterprise)[:10],
    }
    return render(request, "public/credit_detail.html", context)
