"""The rectification ledger (整改): issue, answer with evidence, verify; the evidence photos."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import serve
from core.permissions import require_role
from core.refusals import refusals
from core.text import bounded
from core.views import ScopedListView

from .. import rectification
from ..columns import ORDER_COLUMNS
from ..filtersets import OrderFilterSet
from ..forms import AnswerForm, OrderForm
from ..models import (
    Photo,
    RectificationOrder,
)
from ._common import _staff


# --- rectification ledger --------------------------------------------------------------------------
class OrderListView(ScopedListView):
    model = RectificationOrder
    filterset_class = OrderFilterSet
    template_name = "inspections/order_list.html"
    export_columns = ORDER_COLUMNS
    export_name = "整改台账"

    def allowed(self, user):
        return user.is_staff_side or user.is_enterprise_user

    def base_queryset(self):
        return RectificationOrder.objects.select_related("project__region", "enterprise", "deduction__item")


@login_required
def order_new(request):
    _staff(request)
    require_role(request.user, "inspections.issue_order")
    form = OrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with refusals(request, denied=True, form=form):
            order = rectification.issue(
                project=d["project"], source=d["source"], issue=d["issue"], days=d["days"], actor=request.user
            )
            return redirect("inspections:order_detail", pk=order.pk)
    return render(request, "inspections/order_form.html", {"form": form})


@login_required
def order_detail(request, pk):
    order = get_object_or_404(
        RectificationOrder.objects.visible_to(request.user).select_related(
            "project", "enterprise", "issued_by", "deduction__item"
        ),
        pk=pk,
    )
    context = {"order": order, "answer_form": AnswerForm(), "events": order.events.select_related("actor")}
    return render(request, "inspections/order_detail.html", context)


@login_required
@require_POST
def order_action(request, pk, action):
    order = get_object_or_404(RectificationOrder.objects.visible_to(request.user), pk=pk)
    with refusals(request, denied=True):
        if action == "answer":
            form = AnswerForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            rectification.answer(
                order, actor=request.user, text=form.cleaned_data["text"], images=form.cleaned_data["photos"]
            )
        elif action == "close":
            rectification.close(order, actor=request.user, note=bounded(request.POST.get("note", "")))
        elif action == "reopen":
            rectification.reopen(order, actor=request.user, reason=bounded(request.POST.get("note", "")))
        else:
            raise Http404
        messages.success(request, _("操作成功。"))
    return redirect("inspections:order_detail", pk=pk)


def photo(request, pk):
    """A deduction's or a rectification answer's photo, to those who may see its inspection or
    order (``Photo.objects.visible_to``); 404 for anyone else."""
    return serve(request, Photo.objects, pk)
