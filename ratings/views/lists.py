"""Red and black lists: draw up, review, publish with confirmation, correct; their entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import has_standing, may, require_standing
from core.permissions import refusal as permission_refusal
from core.publication import confirmed, person_row
from core.refusals import refusals
from core.text import as_id
from core.views import ScopedListView
from regions.choices import RegionLevel
from regions.models import Region

from .. import lists
from ..choices import ListStatus, RunStatus
from ..columns import (
    LIST_ENTRY_COLUMNS,
)
from ..filtersets import (
    ListEntryFilterSet,
)
from ..forms import (
    ListGenerateForm,
)
from ..models import (
    ListEdition,
    ListEntry,
    ScoringRun,
)
from ..public_views import list_context
from ._common import NOT_CONFIRMED, _allowed

# --- red and black lists ---------------------------------------------------------------------


@login_required
def list_index(request, pk):
    """The quarter's lists the user may see, and (bureau officers) drafting one by rule."""
    run = get_object_or_404(ScoringRun.objects.visible_to(request.user), pk=pk)
    editions = ListEdition.objects.visible_to(request.user).filter(run=run).select_related("region")
    regions = Region.objects.visible_to(request.user).filter(level__lte=RegionLevel.DISTRICT).order_by("path")
    if request.method == "POST":
        form = ListGenerateForm(request.POST, regions=regions)
        if form.is_valid():
            with refusals(request, denied=True):
                edition = lists.generate(
                    run, form.cleaned_data["region"], form.cleaned_data["subject"], actor=request.user
                )
                return redirect("ratings:list_detail", pk=edition.pk)
    else:
        form = ListGenerateForm(regions=regions)
    can_draft = any(may(request.user, "ratings.draw_up_list", region) for region in regions)
    return render(
        request, "ratings/list_index.html", {"run": run, "editions": editions, "form": form, "can_draft": can_draft}
    )


@login_required
def list_detail(request, pk):
    edition = get_object_or_404(ListEdition.objects.visible_to(request.user).select_related("run", "region"), pk=pk)
    manage = has_standing(request.user, "ratings.review_list", edition)
    return render(request, "ratings/list_detail.html", list_context(edition, manage=manage))


@login_required
def list_action(request, pk, action):
    edition = get_object_or_404(ListEdition.objects.visible_to(request.user), pk=pk)
    if action == "publish":
        return _list_publish(request, edition)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    with refusals(request):
        if action == "review":
            edition = lists.review(edition, actor=request.user)
        elif action == "supersede":
            edition = lists.supersede(edition, reason=request.POST.get("reason", "")[:2000], actor=request.user)
        elif action == "remove":
            chosen = request.POST.get("entry", "")
            entry = get_object_or_404(edition.entries, pk=as_id(chosen) or 0)
            lists.remove_entry(entry, actor=request.user)
        else:
            raise PermissionDenied
    return redirect("ratings:list_detail", pk=edition.pk)


def _list_publish(request, edition):
    """GET: the confirmation page, the entries with their ranks and reasons as they will be
    public; POST with the confirmation: publish the list."""
    if request.method == "POST":
        if not confirmed(request.POST):
            messages.error(request, NOT_CONFIRMED)
            return redirect("ratings:list_action", pk=edition.pk, action="publish")
        with refusals(request) as outcome:
            lists.publish(edition, actor=request.user)
        if outcome.error:
            return redirect("ratings:list_action", pk=edition.pk, action="publish")
        messages.success(request, _("榜单已公布。"))
        return redirect("ratings:list_detail", pk=edition.pk)
    require_standing(request.user, "ratings.publish_list", edition)
    refusal = permission_refusal(request.user, "ratings.publish_list", edition)
    if edition.status != ListStatus.REVIEWED:
        refusal = _("该榜单当前状态为“%(s)s”，只有已审核的榜单可以公布。") % {"s": edition.get_status_display()}
    elif edition.run.status != RunStatus.PUBLISHED:
        refusal = refusal or _("季度考核结果公布后才能公布红黑榜。")
    context = {
        **list_context(edition, manage=False),
        "refusal": refusal,
        "people": [
            person_row(_("拟稿人"), edition.drafted_by, edition.created),
            person_row(_("审核人"), edition.reviewed_by, edition.reviewed_at),
        ],
        "action": request.path,
        "back": reverse("ratings:list_detail", args=[edition.pk]),
        "button": _("确认公布榜单"),
        "statement": _("我已逐条核对以上上榜对象、名次和理由，确认公布。"),
    }
    return render(request, "ratings/list_publish.html", context)


class ListEntryListView(ScopedListView):
    """Entries of the lists the user may see (published ones to everybody signed in), by
    edition, quarter, jurisdiction and colour; exportable."""

    model = ListEntry
    filterset_class = ListEntryFilterSet
    template_name = "ratings/list_entry_list.html"
    export_columns = LIST_ENTRY_COLUMNS
    export_name = "红黑榜"

    def allowed(self, user):
        return _allowed(user)

    def base_queryset(self):
        return ListEntry.objects.select_related("edition__run", "edition__region", "enterprise", "project").order_by(
            "-edition__run__year",
            "-edition__run__quarter",
            "edition__region__path",
            "edition__subject",
            "-edition__version",
            "color",
            "rank",
        )
