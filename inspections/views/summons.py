"""Summons (约谈): record, attach the notice and minutes, follow-up orders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.models import Complaint
from core.files import serve
from core.permissions import may, require_role
from core.refusals import refusals
from core.views import ScopedListView

from .. import rectification
from ..columns import SUMMONS_COLUMNS
from ..forms import AttachmentForm, SummonsForm
from ..models import (
    Inspection,
    RectificationOrder,
    Summons,
    SummonsAttachment,
    events_of,
)


# --- summons ---------------------------------------------------------------------------------------
class SummonsListView(ScopedListView):
    model = Summons
    template_name = "inspections/summons_list.html"
    export_columns = SUMMONS_COLUMNS
    export_name = "约谈记录"

    def allowed(self, user):
        return user.is_staff_side or user.is_enterprise_user

    def base_queryset(self):
        return Summons.objects.select_related("enterprise").prefetch_related(
            Prefetch("orders", RectificationOrder.objects.select_related("deduction__item"))
        )


@login_required
def summons_new(request):
    require_role(request.user, "inspections.summon")
    form = SummonsForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(request, denied=True, form=form):
            summons = rectification.record_summons(actor=request.user, **form.cleaned_data)
            messages.success(request, _("约谈已记录。"))
            return redirect("inspections:summons_detail", pk=summons.pk)
    return render(request, "inspections/summons_form.html", {"form": form})


@login_required
def summons_detail(request, pk):
    """Who was summoned, when, why and with what outcome; the orders that followed, the
    complaints and inspections behind them, and the filed documents."""
    if not (request.user.is_staff_side or request.user.is_enterprise_user):
        raise PermissionDenied
    summons = get_object_or_404(
        Summons.objects.visible_to(request.user).select_related("enterprise", "created_by", "region"), pk=pk
    )
    context = {
        "summons": summons,
        "attachment_form": AttachmentForm(),
        **_summons_extras(request, summons),
    }
    return render(request, "inspections/summons_detail.html", context)


def _summons_extras(request, summons) -> dict:
    orders = list(summons.orders.select_related("project", "deduction__inspection__project", "deduction__item"))
    complaint_ids = {o.complaint_id for o in orders if o.complaint_id}
    inspections_ = {o.deduction.inspection for o in orders if o.deduction_id}
    visible = Inspection.objects.visible_to(request.user).filter(pk__in=[i.pk for i in inspections_])
    return {
        "orders": orders,
        "complaints": Complaint.objects.visible_to(request.user).select_related("category").filter(pk__in=complaint_ids)
        if complaint_ids
        else [],
        "linked_inspections": visible.select_related("project") if inspections_ else [],
        "attachments": summons.attachments.select_related("uploaded_by"),
        "can_attach": may(request.user, "inspections.attach_to_summons", summons),
        "events": events_of(summons),
    }


@login_required
@require_POST
def summons_action(request, pk, action):
    summons = get_object_or_404(Summons.objects.visible_to(request.user).select_related("region"), pk=pk)
    if action != "attach":
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        # Not the user's to do: a message on the page; the files refused: the form again.
        with refusals(request, only=PermissionDenied), refusals(request, only=ValidationError, form=form):
            rectification.attach_to_summons(summons, actor=request.user, attachments=form.cleaned_data["attachments"])
            messages.success(request, _("附件已上传。"))
        if not form.errors:
            return redirect("inspections:summons_detail", pk=pk)
    # The form's errors next to the field, with the page as it was (a 400: the upload was refused).
    context = {"summons": summons, "attachment_form": form, **_summons_extras(request, summons)}
    return render(request, "inspections/summons_detail.html", context, status=400)


def summons_attachment(request, pk):
    """A summons' document, to those who may see the summons; 404 for anyone else."""
    return serve(request, SummonsAttachment.objects, pk)
