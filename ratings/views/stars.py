"""Star ratings (星级评定): apply, review, publish with confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import may, require_standing
from core.permissions import refusal as permission_refusal
from core.publication import confirmed, person_row
from core.refusals import refusals
from core.views import ScopedListView

from .. import stars
from ..choices import StarStatus
from ..columns import (
    STAR_COLUMNS,
)
from ..filtersets import (
    StarFilterSet,
)
from ..forms import (
    StarApplyForm,
    StarReviewForm,
)
from ..models import (
    StarRating,
)
from ._common import NOT_CONFIRMED, _allowed


# --- star rating -------------------------------------------------------------------------------
class StarListView(ScopedListView):
    """Star ratings the user may see, filtered and exportable; an enterprise applies here."""

    model = StarRating
    filterset_class = StarFilterSet
    template_name = "ratings/star_list.html"
    export_columns = STAR_COLUMNS
    export_name = "星级评定"

    def allowed(self, user):
        return _allowed(user)

    def base_queryset(self):
        return StarRating.objects.select_related("enterprise")

    def apply_form(self, data=None):
        user = self.request.user
        if not (user.enterprise_id and may(user, "ratings.apply_star", user.enterprise)):
            return None
        return StarApplyForm(data, initial={"year": timezone.localdate().year - 1})

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form": kwargs.get("form") or self.apply_form()}

    def post(self, request, *args, **kwargs):
        form = self.apply_form(request.POST)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with refusals(request, denied=True):
                rating = stars.apply(
                    request.user.enterprise, form.cleaned_data["year"], form.cleaned_data["level"], actor=request.user
                )
                return redirect("ratings:star_detail", pk=rating.pk)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))


@login_required
def star_detail(request, pk):
    rating = get_object_or_404(StarRating.objects.visible_to(request.user).select_related("enterprise"), pk=pk)
    review = rating.status == StarStatus.APPLIED and may(request.user, "ratings.review_star", rating)
    review = review or rating.status == StarStatus.GRANTED and may(request.user, "ratings.publish_star", rating)
    context = {
        "rating": rating,
        "evidence": stars.evidence(rating.enterprise, rating.year),
        "form": StarReviewForm() if review else None,
        "downgrades": rating.downgrades.select_related("entry__edition__run", "entry__edition__region"),
    }
    return render(request, "ratings/star_detail.html", context)


@login_required
def star_action(request, pk, action):
    rating = get_object_or_404(StarRating.objects.visible_to(request.user).select_related("enterprise"), pk=pk)
    if action == "publish":
        return _star_publish(request, rating)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reason = request.POST.get("reason", "")[:2000]
    with refusals(request):
        if action in ("grant", "reject"):
            stars.review(rating, actor=request.user, grant=action == "grant", reason=reason)
        else:
            raise PermissionDenied
    return redirect("ratings:star_detail", pk=rating.pk)


def _star_publish(request, rating):
    """GET: the confirmation page, the enterprise and the star level as they will be public;
    POST with the confirmation: publish the star."""
    if request.method == "POST":
        if not confirmed(request.POST):
            messages.error(request, NOT_CONFIRMED)
            return redirect("ratings:star_action", pk=rating.pk, action="publish")
        with refusals(request) as outcome:
            stars.publish(rating, actor=request.user)
        if outcome.error:
            return redirect("ratings:star_action", pk=rating.pk, action="publish")
        messages.success(request, _("星级评定已公布。"))
        return redirect("ratings:star_detail", pk=rating.pk)
    require_standing(request.user, "ratings.publish_star", rating)
    refusal = permission_refusal(request.user, "ratings.publish_star", rating)
    if rating.status != StarStatus.GRANTED:
        refusal = _("只有已审核的星级评定可以公布。")
    context = {
        "rating": rating,
        "refusal": refusal,
        "people": [
            person_row(_("申请人"), rating.applied_by, rating.created),
            person_row(_("审核人"), rating.reviewed_by, rating.reviewed_at),
        ],
        "action": request.path,
        "back": reverse("ratings:star_detail", args=[rating.pk]),
        "button": _("确认公布星级"),
        "statement": _("我已核对企业和评定星级，确认公布 %(e)s %(y)d 年度 %(n)s 星。")
        % {"e": rating.enterprise.name, "y": rating.year, "n": rating.granted},
    }
    return render(request, "ratings/star_publish.html", context)
