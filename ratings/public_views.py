"""The public red and black lists (红黑榜): published editions only, corrections shown with the
list they correct."""

from django.db.models import Max
from django.shortcuts import get_object_or_404, render

from .choices import ListColor, ListStatus
from .models import ListEdition

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


def list_detail(request, pk):
    edition = get_object_or_404(ListEdition.objects.public().select_related("run", "region"), pk=pk)
    entries = edition.entries.select_related("enterprise", "project")
    context = {"edition": edition, "entries": entries, "sections": SECTIONS, "manage": False}
    return render(request, "public/list_detail.html", context)
