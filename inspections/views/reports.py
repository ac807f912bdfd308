"""Quarterly self-reports (自查自评): the enterprise files, officers accept or return them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import may
from core.refusals import refusals
from core.text import TEXT_MAX, bounded
from core.views import ScopedListView

from .. import selfreports
from ..choices import ReportStatus
from ..columns import REPORT_COLUMNS
from ..filtersets import SelfReportFilterSet
from ..models import (
    SelfReport,
    events_of,
)


# --- self-reports ----------------------------------------------------------------------------------
class SelfReportListView(ScopedListView):
    model = SelfReport
    filterset_class = SelfReportFilterSet
    template_name = "inspections/report_list.html"
    export_columns = REPORT_COLUMNS
    export_name = "季度自查自评"

    def allowed(self, user):
        return user.is_staff_side or user.is_enterprise_user

    def base_queryset(self):
        return SelfReport.objects.select_related("project__region", "enterprise")


def _report_page(request, report, posted=None):
    """The report with a self-score box per item. An open report starts empty — or, when asked,
    from the project's previous report, each box marked as carried over — never at full marks,
    so that a perfect report cannot be submitted by accident; a refused submission comes back
    with what was typed."""
    items = list(selfreports.applicable_items(report))
    editable = report.status in (ReportStatus.PENDING, ReportStatus.RETURNED) and may(
        request.user, "inspections.submit_self_report", report
    )
    earlier = selfreports.previous(report) if editable and report.submitted_at is None else None
    carried = earlier is not None and request.GET.get("from") == "previous" and posted is None
    values = selfreports.answers(earlier if carried else report)
    for item in items:
        item.self_score = posted.get(f"score_{item.code}") if posted is not None else values.get(item.code)
        item.carried = carried and item.code in values
    context = {
        "report": report,
        "items": items,
        "editable": editable,
        "events": events_of(report),
        "previous": earlier,
        "carried": carried,
        "evidence": posted.get("evidence", "") if posted is not None else report.evidence,
    }
    return render(request, "inspections/report_detail.html", context)


@login_required
def report_detail(request, pk):
    report = get_object_or_404(SelfReport.objects.visible_to(request.user).select_related("project", "standard"), pk=pk)
    return _report_page(request, report)


@login_required
@require_POST
def report_action(request, pk, action):
    report = get_object_or_404(SelfReport.objects.visible_to(request.user).select_related("project"), pk=pk)
    with refusals(request, denied=True) as outcome:
        if action == "submit":
            scores = {k[len("score_") :]: v for k, v in request.POST.items() if k.startswith("score_") and v != ""}
            evidence = bounded(request.POST.get("evidence", ""), TEXT_MAX)
            selfreports.submit(report, actor=request.user, scores=scores, evidence=evidence)
        elif action == "accept":
            selfreports.accept(report, actor=request.user, note=bounded(request.POST.get("note", "")))
        elif action == "return":
            note = bounded(request.POST.get("note", ""))
            selfreports.return_for_correction(report, actor=request.user, reasons=note)
        else:
            raise Http404
        messages.success(request, _("操作成功。"))
    if outcome.error and action == "submit":
        return _report_page(request, report, posted=request.POST)  # keep the 144 answers typed
    return redirect(reverse("inspections:report_detail", args=[pk]))
