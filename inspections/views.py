"""Staff and enterprise pages of inspections: standards, draws, inspections on site, the
rectification ledger, summons and quarterly self-reports. Thin callers of the rules modules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import UploadForm
from core.photos import photo_response
from core.text import TEXT_MAX, as_id, bounded
from core.views import ScopedListView
from core.xlsx import XLSX_CONTENT_TYPE, ImportRejected

from . import draws, rectification, selfreports, standards, workflow
from .choices import DrawStatus, InspectionStatus, ReportStatus
from .columns import DRAW_COLUMNS, INSPECTION_COLUMNS, ORDER_COLUMNS, REPORT_COLUMNS, SUMMONS_COLUMNS
from .filtersets import InspectionFilterSet, OrderFilterSet, SelfReportFilterSet
from .forms import AnswerForm, DeductionForm, DrawForm, OrderForm, SummonsForm
from .models import (
    Draw,
    Inspection,
    InspectionStandard,
    Photo,
    RectificationOrder,
    SelfReport,
    StandardItem,
    Summons,
    events_of,
)


def _errors(request, error):
    messages.error(request, "；".join(getattr(error, "messages", [str(error)])))


def _staff(request):
    if not request.user.is_staff_side:
        raise PermissionDenied(_("该页面仅供主管部门工作人员使用。"))


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
    try:
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
            count = standards.import_workbook(standard, form.cleaned_data["file"], actor=request.user)
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
    except ImportRejected as rejected:
        for error in rejected.errors:
            messages.error(request, str(error) if error.row else error.message)
    except (ValidationError, PermissionDenied) as error:
        _errors(request, error)
    return redirect("inspections:standard_detail", pk=standard.pk)


# --- draws ---------------------------------------------------------------------------------------
class DrawListView(ScopedListView):
    model = Draw
    template_name = "inspections/draw_list.html"
    export_columns = DRAW_COLUMNS
    export_name = "双随机抽查"

    def allowed(self, user):
        return user.is_staff_side

    def base_queryset(self):
        return Draw.objects.select_related("region")


@login_required
def draw_new(request):
    _staff(request)
    if not request.user.is_bureau_officer:
        raise PermissionDenied(_("只有住建主管部门可以组织抽查。"))
    form = DrawForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        draw = form.save(commit=False)
        draw.created_by = request.user
        draw.save()
        form.save_m2m()
        return redirect("inspections:draw_detail", pk=draw.pk)
    return render(request, "inspections/draw_form.html", {"form": form})


@login_required
def draw_detail(request, pk):
    _staff(request)
    draw = get_object_or_404(Draw.objects.visible_to(request.user).select_related("region"), pk=pk)
    context = {
        "draw": draw,
        "results": draw.results.select_related("project__region", "project__enterprise", "inspection"),
        "candidates": draws.candidate_projects(draw).count()
        if draw.status == DrawStatus.DRAFT
        else len(draw.frozen_pool),
    }
    return render(request, "inspections/draw_detail.html", context)


@login_required
@require_POST
def draw_action(request, pk, action):
    _staff(request)
    draw = get_object_or_404(Draw.objects.visible_to(request.user), pk=pk)
    try:
        if action == "execute":
            draws.execute(draw, actor=request.user)
            messages.success(request, _("已抽取并公布。"))
        elif action == "verify":
            ok, problems = draws.verify(draw)
            if ok:
                messages.success(request, _("复核一致：按公布的种子重新计算，结果相同。"))
            else:
                messages.error(request, _("复核不一致：") + "；".join(problems))
        elif action == "inspections":
            if not request.user.is_bureau_officer:
                raise PermissionDenied
            made = workflow.create_for_draw(draw)
            messages.success(request, _("已生成 %(n)d 个检查任务。") % {"n": len(made)})
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        _errors(request, error)
    return redirect("inspections:draw_detail", pk=pk)


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


@login_required
def inspection_detail(request, pk):
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("project", "standard", "submitted_by"), pk=pk
    )
    is_inspector = inspection.inspectors.filter(pk=request.user.pk).exists()
    deductions = {d.item_id: d for d in inspection.deductions.prefetch_related("photos")}
    categories = []
    for item in workflow.applicable_items(inspection):
        if not categories or categories[-1]["category"] != item.category:
            categories.append({"category": item.category, "items": []})
        item.deduction = deductions.get(item.pk)
        categories[-1]["items"].append(item)
    context = {
        "inspection": inspection,
        "categories": categories,
        "is_inspector": is_inspector,
        "editable": is_inspector and inspection.status == InspectionStatus.ASSIGNED,
        "can_countersign": is_inspector
        and inspection.status == InspectionStatus.SUBMITTED
        and inspection.submitted_by_id != request.user.pk,
        "form": DeductionForm(),
        "events": events_of(inspection),
    }
    return render(request, "inspections/inspection_detail.html", context)


@login_required
@require_POST
def inspection_action(request, pk, action):
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    try:
        if action == "deduct":
            form = DeductionForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            d = form.cleaned_data
            workflow.deduct(
                inspection,
                actor=request.user,
                item=d["item"],
                points=d["points"],
                reason=d["reason"],
                images=d["photos"],
                rectify=d["rectify"],
            )
            messages.success(request, _("扣分已记录。"))
        elif action == "submit":
            workflow.submit(inspection, actor=request.user)
            messages.success(request, _("已提交，等待另一名检查人员会签。"))
        elif action == "countersign":
            workflow.countersign(inspection, actor=request.user)
            messages.success(request, _("已会签，发现的问题已生成整改单。"))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        _errors(request, error)
    return redirect("inspections:inspection_detail", pk=pk)


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
        return RectificationOrder.objects.select_related("project__region", "enterprise")


@login_required
def order_new(request):
    _staff(request)
    if not request.user.is_officer:
        raise PermissionDenied
    form = OrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            order = rectification.issue(
                project=d["project"], source=d["source"], issue=d["issue"], days=d["days"], actor=request.user
            )
            return redirect("inspections:order_detail", pk=order.pk)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, "；".join(getattr(error, "messages", [str(error)])))
    return render(request, "inspections/order_form.html", {"form": form})


@login_required
def order_detail(request, pk):
    order = get_object_or_404(
        RectificationOrder.objects.visible_to(request.user).select_related("project", "enterprise", "issued_by"), pk=pk
    )
    context = {"order": order, "answer_form": AnswerForm(), "events": order.events.select_related("actor")}
    return render(request, "inspections/order_detail.html", context)


@login_required
@require_POST
def order_action(request, pk, action):
    order = get_object_or_404(RectificationOrder.objects.visible_to(request.user), pk=pk)
    try:
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
    except (ValidationError, PermissionDenied) as error:
        _errors(request, error)
    return redirect("inspections:order_detail", pk=pk)


# --- summons ---------------------------------------------------------------------------------------
class SummonsListView(ScopedListView):
    model = Summons
    template_name = "inspections/summons_list.html"
    export_columns = SUMMONS_COLUMNS
    export_name = "约谈记录"

    def allowed(self, user):
        return user.is_staff_side or user.is_enterprise_user

    def base_queryset(self):
        return Summons.objects.select_related("enterprise").prefetch_related("orders")


@login_required
def summons_new(request):
    if not request.user.is_bureau_officer:
        raise PermissionDenied(_("只有住建主管部门可以约谈企业。"))
    form = SummonsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            rectification.record_summons(
                actor=request.user,
                **form.cleaned_data,
            )
            messages.success(request, _("约谈已记录。"))
            return redirect("inspections:summons_list")
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, "；".join(getattr(error, "messages", [str(error)])))
    return render(request, "inspections/summons_form.html", {"form": form})


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


@login_required
def report_detail(request, pk):
    report = get_object_or_404(SelfReport.objects.visible_to(request.user).select_related("project", "standard"), pk=pk)
    items = list(selfreports.applicable_items(report))
    submitted = report.submitted_at is not None
    for item in items:
        item.self_score = report.scores.get(item.code, item.points if submitted else "")
    editable = (
        request.user.is_enterprise_user
        and request.user.enterprise_id == report.enterprise_id
        and report.status in (ReportStatus.PENDING, ReportStatus.RETURNED)
    )
    context = {"report": report, "items": items, "editable": editable, "events": events_of(report)}
    return render(request, "inspections/report_detail.html", context)


@login_required
@require_POST
def report_action(request, pk, action):
    report = get_object_or_404(SelfReport.objects.visible_to(request.user).select_related("project"), pk=pk)
    try:
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
    except (ValidationError, PermissionDenied) as error:
        _errors(request, error)
    return redirect(reverse("inspections:report_detail", args=[pk]))


def photo(request, pk):
    """A deduction's or a rectification answer's photo, to those who may see its inspection or
    order (``Photo.objects.visible_to``); 404 for anyone else."""
    item = get_object_or_404(Photo.objects.visible_to(request.user), pk=pk)
    return photo_response(item.file, item.content_type)
