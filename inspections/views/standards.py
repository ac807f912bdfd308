"""Inspection standards (检查标准): versions, items, import, publication."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import UploadForm
from core.refusals import refusals
from core.text import as_id
from core.xlsx import XLSX_CONTENT_TYPE, ImportRejected

from .. import standards
from ..models import (
    InspectionStandard,
    StandardItem,
)
from ._common import _staff


# --- standards -----------------------------------------------------------------------------------
@login_required
def standard_list(request):
    _staff(request)
    standards_ = InspectionStandard.objects.visible_to(request.user)
    return render(request, "inspections/standard_list.html", {"standards": standards_})


@login_required
def standard_detail(request, pk):
    _staff(request)
    standard = get_object_or_404(InspectionStandard.objects.visible_to(request.user), pk=pk)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(standards.export_workbook(standard), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="standard-{standard.pk}-v{standard.version}.xlsx"'
        return response
    categories = standard.categories.prefetch_related("items")
    context = {
        "standard": standard,
        "categories": categories,
        "totals": standard.totals.order_by("project_type"),
        "problems": standards.check_totals(standard),
        "upload_form": UploadForm(),
    }
    return render(request, "inspections/standard_detail.html", context)


@login_required
@require_POST
def standard_action(request, pk, action):
    _staff(request)
    standard = get_object_or_404(InspectionStandard.objects.visible_to(request.user), pk=pk)
    with refusals(request, denied=True):
        if action == "publish":
            standards.publish(standard, actor=request.user)
            messages.success(request, _("已发布。"))
        elif action == "new_version":
            standard = standards.new_version(standard, actor=request.user)
            messages.success(request, _("已生成新版本草稿。"))
        elif action == "import":
            form = UploadForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            try:
                count = standards.import_workbook(standard, form.cleaned_data["file"], actor=request.user)
            except ImportRejected as rejected:  # every row at fault, each a message
                for error in rejected.errors:
                    messages.error(request, str(error) if error.row else error.message)
            else:
                messages.success(request, _("已导入 %(n)d 个检查项。") % {"n": count})
        elif action == "item":
            item_id = as_id(request.POST.get("item"))
            if item_id is None or not StandardItem.objects.filter(pk=item_id, category__standard=standard).exists():
                raise Http404
            standards.edit_item(
                standard,
                item_id,
                actor=request.user,
                points=request.POST.get("points", ""),
                title=request.POST.get("title", ""),
            )
            messages.success(request, _("检查项已保存。"))
        else:
            raise Http404
    return redirect("inspections:standard_detail", pk=standard.pk)
