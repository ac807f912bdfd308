"""Honours (评先树优): nominate, first review, select with confirmation, within the quota."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import has_standing, require_standing
from core.permissions import refusal as permission_refusal
from core.publication import confirmed, person_row
from core.quarters import as_year
from core.refusals import refusals
from core.views import ScopedListView

from .. import honours
from ..choices import HonourStatus
from ..columns import (
    HONOUR_COLUMNS,
)
from ..filtersets import (
    HonourFilterSet,
)
from ..forms import (
    HonourDecisionForm,
    HonourNominateForm,
)
from ..models import (
    Honour,
)
from ._common import NOT_CONFIRMED, _allowed


# --- honours -----------------------------------------------------------------------------------
class HonourListView(ScopedListView):
    """评先树优: a jurisdiction's base, quota and selections per kind for a year, and the
    nominations the user may see, filtered and exportable."""

    model = Honour
    filterset_class = HonourFilterSet
    template_name = "ratings/honour_list.html"
    export_columns = HONOUR_COLUMNS
    export_name = "评先树优"

    def allowed(self, user):
        return _allowed(user)

    def base_queryset(self):
        return Honour.objects.select_related("region", "enterprise", "project")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        regions = list(honours.jurisdictions(user))
        chosen = self.request.GET.get("region", "")
        region = next((r for r in regions if r.code == chosen), None) or honours.home_jurisdiction(user, regions)
        year = _year(self.request.GET.get("year"))
        context.update(
            standings_region=region,
            standings_year=year,
            standings=honours.standings(year, region) if region else [],
            can_nominate=honours.may_nominate_somewhere(user, regions),
        )
        return context


def _year(value) -> int:
    """The year a list's standings show: the query's, if it is a plausible one, else this year."""
    return as_year(value) or timezone.localdate().year


@login_required
def honour_nominate(request):
    user = request.user
    regions = honours.jurisdictions(user)
    if not honours.may_nominate_somewhere(user, regions):
        raise PermissionDenied(_("只有住建主管部门或企业可以提名。"))
    form = HonourNominateForm(
        request.POST or None, user=user, regions=regions, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals(request, denied=True):
            honour = honours.nominate(
                kind=data["kind"],
                year=data["year"],
                region=data["region"],
                enterprise=data["uscc"],
                project=data.get("project"),
                person=data.get("person", ""),
                merits=data["merits"],
                actor=user,
            )
            messages.success(request, _("已提名，等待主管部门初审。"))
            return redirect("ratings:honour_detail", pk=honour.pk)
    return render(request, "ratings/honour_nominate.html", {"form": form})


@login_required
def honour_detail(request, pk):
    honour = get_object_or_404(
        Honour.objects.visible_to(request.user).select_related("region", "enterprise", "project"), pk=pk
    )
    manage = has_standing(request.user, "ratings.review_honour", honour)
    standing = next(row for row in honours.standings(honour.year, honour.region) if row["kind"] == honour.kind)
    context = {
        "honour": honour,
        "standing": standing,
        "manage": manage,
        "form": HonourDecisionForm() if manage else None,
    }
    return render(request, "ratings/honour_detail.html", context)


@login_required
def honour_action(request, pk, action):
    honour = get_object_or_404(Honour.objects.visible_to(request.user).select_related("region"), pk=pk)
    if action == "select":
        return _honour_select(request, honour)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reason = request.POST.get("reason", "")[:2000]
    with refusals(request):
        if action == "review":
            honours.review(honour, actor=request.user, reason=reason)
        elif action == "reject":
            honours.turn_down(honour, actor=request.user, reason=reason)
        else:
            raise PermissionDenied
    return redirect("ratings:honour_detail", pk=honour.pk)


def _honour_select(request, honour):
    """GET: the confirmation page, the honour and the nominee as they will be public; POST with
    the confirmation: select (评选)."""
    if request.method == "POST":
        if not confirmed(request.POST):
            messages.error(request, NOT_CONFIRMED)
            return redirect("ratings:honour_action", pk=honour.pk, action="select")
        with refusals(request) as outcome:
            honours.select(honour, actor=request.user)
        if outcome.error:
            return redirect("ratings:honour_action", pk=honour.pk, action="select")
        messages.success(request, _("已评选。"))
        return redirect("ratings:honour_detail", pk=honour.pk)
    require_standing(request.user, "ratings.select_honour", honour)
    refusal = permission_refusal(request.user, "ratings.select_honour", honour)
    standing = next(row for row in honours.standings(honour.year, honour.region) if row["kind"] == honour.kind)
    if honour.status != HonourStatus.REVIEWED:
        refusal = _("只有已初审的可以评选。")
    elif not standing["left"]:
        refusal = refusal or _("评选比例不超过千分之五：范围内基数 %(base)d，名额 %(quota)d，已评选 %(count)d。") % {
            "base": standing["base"],
            "quota": standing["quota"],
            "count": standing["selected"],
        }
    context = {
        "honour": honour,
        "standing": standing,
        "refusal": refusal,
        "people": [
            person_row(_("提名人"), honour.nominated_by, honour.created),
            person_row(_("初审人"), honour.reviewed_by, honour.reviewed_at),
        ],
        "action": request.path,
        "back": reverse("ratings:honour_detail", args=[honour.pk]),
        "button": _("确认评选"),
        "statement": _("我已核对评选类别、被提名对象和事迹，确认评选并公开。"),
    }
    return render(request, "ratings/honour_select.html", context)
