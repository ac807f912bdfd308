"""Inspections on site: the inspector's work list, scoring item by item, submit and countersign."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import allowed
from core.refusals import refusals
from core.text import as_id, bounded
from core.views import ScopedListView

from .. import workflow
from ..choices import InspectionStatus
from ..columns import INSPECTION_COLUMNS
from ..filtersets import InspectionFilterSet
from ..forms import DeductionForm
from ..models import (
    Inspection,
    events_of,
)

# Once submitted, the page opens with the deductions and the total (while scoring, the items show them).
SUMMARISED = (InspectionStatus.SUBMITTED, InspectionStatus.COUNTERSIGNED)


# --- inspections -----------------------------------------------------------------------------------
class InspectionListView(ScopedListView):
    model = Inspection
    filterset_class = InspectionFilterSet
    template_name = "inspections/inspection_list.html"
    export_columns = INSPECTION_COLUMNS
    export_name = "检查记录"

    def allowed(self, user):
        return user.is_staff_side or user.is_enterprise_user

    def base_queryset(self):
        return Inspection.objects.select_related("project__region", "enterprise")


def _scoring_context(request, inspection) -> dict:
    """What the scoring page and its htmx fragments show."""
    is_inspector = inspection.inspectors.filter(pk=request.user.pk).exists()
    return {
        "inspection": inspection,
        "is_inspector": is_inspector,
        "editable": is_inspector and inspection.status in workflow.EDITABLE,
        "running": workflow.running_score(inspection),
    }


def _with_deduction(inspection, item):
    item.deduction = (
        inspection.deductions.filter(item=item).prefetch_related("photos").first() if item is not None else None
    )
    return item


@login_required
def inspection_detail(request, pk):
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related(
            "project__region", "standard", "submitted_by", "countersigned_by"
        ),
        pk=pk,
    )
    deductions = {d.item_id: d for d in inspection.deductions.prefetch_related("photos")}
    categories = []
    for item in workflow.applicable_items(inspection):
        if not categories or categories[-1]["category"] != item.category:
            categories.append({"category": item.category, "items": []})
        item.deduction = deductions.get(item.pk)
        categories[-1]["items"].append(item)
    context = _scoring_context(request, inspection)
    # The second inspector's step: confirm or return what the first submitted.
    second = allowed(request.user, ["inspections.countersign", "inspections.return_inspection"], inspection)
    second_step = inspection.status == InspectionStatus.SUBMITTED and any(second.values())
    context.update(
        categories=categories,
        inspectors=inspection.inspectors.order_by("last_name", "first_name", "username"),
        can=second if second_step else {},
        deductions=list(workflow.deductions_of(inspection)) if inspection.status in SUMMARISED else [],
        confirm_submit=request.GET.get("confirm") == "submit" and context["editable"],
        confirm_countersign=request.GET.get("confirm") == "countersign" and second_step,
        events=events_of(inspection),
    )
    return render(request, "inspections/inspection_detail.html", context)


@login_required
def my_inspections(request):
    """The inspections the user is drawn for: to inspect (by due date), to countersign, done."""
    if not (request.user.is_officer or request.user.is_inspector):
        raise PermissionDenied(_("该页面仅供检查人员使用。"))
    mine = list(workflow.assigned_to(request.user)[:300])
    me = request.user.pk
    groups = [
        (_("退回修改，待重新提交"), [i for i in mine if i.status == InspectionStatus.RETURNED]),
        (_("待检查"), [i for i in mine if i.status == InspectionStatus.ASSIGNED]),
        (_("待我会签"), [i for i in mine if i.status == InspectionStatus.SUBMITTED and i.submitted_by_id != me]),
        (
            _("已提交，等待其他检查人员会签"),
            [i for i in mine if i.status == InspectionStatus.SUBMITTED and i.submitted_by_id == me],
        ),
        (_("已完成"), [i for i in mine if i.status == InspectionStatus.COUNTERSIGNED][:20]),
    ]
    today = timezone.localdate()
    return render(request, "inspections/my_inspections.html", {"groups": groups, "today": today})


def _scoring_item(inspection, request):
    """The applicable item a scoring form names, or None."""
    item_id = as_id(request.POST.get("item"))
    return workflow.applicable_items(inspection).filter(pk=item_id).first() if item_id else None


def _deduction_of(inspection, item):
    deduction = inspection.deductions.select_related("item", "inspection").filter(item=item).first()
    if deduction is None:
        raise ValidationError(_("该检查项没有扣分记录。"))
    return deduction


def _score_item(request, inspection, action, item) -> str:
    """Record, change or withdraw one item's deduction; returns the message for the user."""
    if item is None:
        raise ValidationError(_("该检查项不适用于此类项目。"))
    if action == "remove":
        workflow.remove_deduction(_deduction_of(inspection, item), actor=request.user)
        return _("扣分已撤销。")
    form = DeductionForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    d = form.cleaned_data
    if action == "edit":
        workflow.edit_deduction(
            _deduction_of(inspection, item),
            actor=request.user,
            points=d["points"],
            reason=d["reason"],
            rectify=d["rectify"],
            images=d["photos"],
        )
        return _("扣分已修改。")
    workflow.deduct(
        inspection,
        actor=request.user,
        item=item,
        points=d["points"],
        reason=d["reason"],
        images=d["photos"],
        rectify=d["rectify"],
    )
    return _("扣分已记录。")


SCORING_ACTIONS = ("deduct", "edit", "remove")


@login_required
@require_POST
def inspection_action(request, pk, action):
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    if action in SCORING_ACTIONS:
        item = _scoring_item(inspection, request)
        # With htmx only the item's row and the running score change (no reload, no jump to the
        # top): the row shows a refusal beside the item; otherwise it is a page message.
        in_place = bool(request.htmx and item is not None)
        done = ""
        with refusals(request, denied=True, show=not in_place) as outcome:
            done = _score_item(request, inspection, action, item)
        if in_place:
            context = _scoring_context(request, inspection)
            context.update(
                item=_with_deduction(inspection, item),
                row_error=outcome.text,
                row_done=done,
                oob=True,
                posted=request.POST if outcome.error and action != "remove" else None,
            )
            return render(request, "inspections/_scoring_response.html", context)
        if done:
            messages.success(request, done)
        anchor = f"#item-{item.pk}" if item else ""
        return redirect(reverse("inspections:inspection_detail", args=[pk]) + anchor)
    with refusals(request, denied=True):
        if action == "submit":
            if request.POST.get("confirm") != "yes":
                # Submitting is final: the page asks first (a dialog, or this step without JS).
                return redirect(reverse("inspections:inspection_detail", args=[pk]) + "?confirm=submit#confirm-submit")
            workflow.submit(inspection, actor=request.user)
            messages.success(request, _("已提交，等待另一名检查人员会签。"))
        elif action == "countersign":
            if request.POST.get("confirm") != "yes":
                # Countersigning is final too: the deductions and the total are shown first.
                url = reverse("inspections:inspection_detail", args=[pk])
                return redirect(url + "?confirm=countersign#confirm-countersign")
            workflow.countersign(inspection, actor=request.user)
            messages.success(request, _("已会签，发现的问题已生成整改单。"))
        elif action == "return":
            workflow.return_for_revision(inspection, actor=request.user, reason=bounded(request.POST.get("reason", "")))
            messages.success(request, _("已退回，等待检查人员修改后重新提交。"))
        else:
            raise Http404
    return redirect("inspections:inspection_detail", pk=pk)
