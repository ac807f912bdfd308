"""Staff and enterprise pages of inspections: standards, draws, inspections on site, the
rectification ledger, summons and quarterly self-reports. Thin callers of the rules modules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.attachments import attachment_response
from core.forms import UploadForm
from core.permissions import may, require, require_role
from core.photos import photo_response
from core.refusals import refusal_text, refusals, refuse
from core.text import TEXT_MAX, as_id, bounded
from core.views import ScopedListView
from core.xlsx import XLSX_CONTENT_TYPE, ImportRejected

from . import draws, rectification, selfreports, standards, workflow
from .choices import DrawStatus, InspectionStatus, ReportStatus
from .columns import DRAW_COLUMNS, INSPECTION_COLUMNS, ORDER_COLUMNS, REPORT_COLUMNS, SUMMONS_COLUMNS
from .filtersets import InspectionFilterSet, OrderFilterSet, SelfReportFilterSet
from .forms import AnswerForm, AttachmentForm, DeductionForm, DrawForm, OrderForm, SummonsForm
from .models import (
    Draw,
    Inspection,
    InspectionStandard,
    Photo,
    RectificationOrder,
    SelfReport,
    StandardItem,
    Summons,
    SummonsAttachment,
    events_of,
)


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
        refuse(request, error)
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
    require_role(request.user, "inspections.organise_draw")
    form = DrawForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        draw = form.save(commit=False)
        try:
            require(request.user, "inspections.organise_draw", draw.region)
        except PermissionDenied as refused:
            form.add_error("region", str(refused))
        else:
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
        "confirm_execute": request.GET.get("confirm") == "execute" and draw.status == DrawStatus.DRAFT,
        "pool_size": draw.inspector_pool.count(),
    }
    return render(request, "inspections/draw_detail.html", context)


@login_required
@require_POST
def draw_action(request, pk, action):
    _staff(request)
    draw = get_object_or_404(Draw.objects.visible_to(request.user), pk=pk)
    with refusals(request, denied=True):
        if action == "execute":
            if request.POST.get("confirm") != "yes":
                # Irreversible and public at once: the page says what will be published first.
                return redirect(reverse("inspections:draw_detail", args=[pk]) + "?confirm=execute#confirm-execute")
            draws.execute(draw, actor=request.user)
            messages.success(request, _("已抽取并公布。"))
        elif action == "verify":
            ok, problems = draws.verify(draw)
            if ok:
                messages.success(request, _("复核一致：按公布的种子重新计算，结果相同。"))
            else:
                messages.error(request, _("复核不一致：") + "；".join(problems))
        elif action == "inspections":
            require(request.user, "inspections.execute_draw", draw)
            made = workflow.create_for_draw(draw)
            messages.success(request, _("已生成 %(n)d 个检查任务。") % {"n": len(made)})
        else:
            raise Http404
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


def _scoring_context(request, inspection) -> dict:
    """What the scoring page and its htmx fragments show."""
    is_inspector = inspection.inspectors.filter(pk=request.user.pk).exists()
    return {
        "inspection": inspection,
        "is_inspector": is_inspector,
        "editable": is_inspector and inspection.status == InspectionStatus.ASSIGNED,
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
    context.update(
        categories=categories,
        inspectors=inspection.inspectors.order_by("last_name", "first_name", "username"),
        can_countersign=context["is_inspector"]
        and inspection.status == InspectionStatus.SUBMITTED
        and inspection.submitted_by_id != request.user.pk,
        confirm_submit=request.GET.get("confirm") == "submit" and context["editable"],
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
        (_("待检查"), [i for i in mine if i.status == InspectionStatus.ASSIGNED]),
        (_("待我会签"), [i for i in mine if i.status == InspectionStatus.SUBMITTED and i.submitted_by_id != me]),
        (_("已提交，等待其他检查人员会签"),
         [i for i in mine if i.status == InspectionStatus.SUBMITTED and i.submitted_by_id == me]),
        (_("已完成"), [i for i in mine if i.status == InspectionStatus.COUNTERSIGNED][:20]),
    ]  # fmt: skip
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
            _deduction_of(inspection, item), actor=request.user, points=d["points"], reason=d["reason"],
            rectify=d["rectify"], images=d["photos"],
        )  # fmt: skip
        return _("扣分已修改。")
    workflow.deduct(
        inspection, actor=request.user, item=item, points=d["points"], reason=d["reason"], images=d["photos"],
        rectify=d["rectify"],
    )  # fmt: skip
    return _("扣分已记录。")


SCORING_ACTIONS = ("deduct", "edit", "remove")


@login_required
@require_POST
def inspection_action(request, pk, action):
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    anchor = ""
    if action in SCORING_ACTIONS:
        item = _scoring_item(inspection, request)
        anchor = f"#item-{item.pk}" if item else ""
        try:
            done, error = _score_item(request, inspection, action, item), ""
        except (ValidationError, PermissionDenied) as problem:
            done, error = "", refusal_text(problem)
        if request.htmx and item is not None:
            # Only the item's row and the running score change: no reload, no jump to the top.
            context = _scoring_context(request, inspection)
            context.update(item=_with_deduction(inspection, item), row_error=error, row_done=done, oob=True,
                           posted=request.POST if error and action != "remove" else None)  # fmt: skip
            return render(request, "inspections/_scoring_response.html", context)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        return redirect(reverse("inspections:inspection_detail", args=[pk]) + anchor)
    with refusals(request, denied=True):
        if action == "submit":
            if request.POST.get("confirm") != "yes":
                # Submitting is final: the page asks first (a dialog, or this step without JS).
                return redirect(reverse("inspections:inspection_detail", args=[pk]) + "?confirm=submit#confirm-submit")
            workflow.submit(inspection, actor=request.user)
            messages.success(request, _("已提交，等待另一名检查人员会签。"))
        elif action == "countersign":
            workflow.countersign(inspection, actor=request.user)
            messages.success(request, _("已会签，发现的问题已生成整改单。"))
        else:
            raise Http404
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
    require_role(request.user, "inspections.issue_order")
    form = OrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            order = rectification.issue(
                project=d["project"], source=d["source"], issue=d["issue"], days=d["days"], actor=request.user
            )
            return redirect("inspections:order_detail", pk=order.pk)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, refusal_text(error))
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
    require_role(request.user, "inspections.summon")
    form = SummonsForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            summons = rectification.record_summons(actor=request.user, **form.cleaned_data)
            messages.success(request, _("约谈已记录。"))
            return redirect("inspections:summons_detail", pk=summons.pk)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, refusal_text(error))
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
    from complaints.models import Complaint

    orders = list(summons.orders.select_related("project", "deduction__inspection__project"))
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
        try:
            rectification.attach_to_summons(summons, actor=request.user, attachments=form.cleaned_data["attachments"])
            messages.success(request, _("附件已上传。"))
            return redirect("inspections:summons_detail", pk=pk)
        except PermissionDenied as error:
            refuse(request, error)
            return redirect("inspections:summons_detail", pk=pk)
        except ValidationError as error:
            form.add_error(None, refusal_text(error))
    # The form's errors next to the field, with the page as it was (a 400: the upload was refused).
    context = {"summons": summons, "attachment_form": form, **_summons_extras(request, summons)}
    return render(request, "inspections/summons_detail.html", context, status=400)


def summons_attachment(request, pk):
    """A summons' document, to those who may see the summons; 404 for anyone else."""
    item = get_object_or_404(SummonsAttachment.objects.visible_to(request.user), pk=pk)
    return attachment_response(item.file, item.content_type, item.name)


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
    editable = report.status in (ReportStatus.PENDING, ReportStatus.RETURNED) and may(
        request.user, "inspections.submit_self_report", report
    )
    context = {"report": report, "items": items, "editable": editable, "events": events_of(report)}
    return render(request, "inspections/report_detail.html", context)


@login_required
@require_POST
def report_action(request, pk, action):
    report = get_object_or_404(SelfReport.objects.visible_to(request.user).select_related("project"), pk=pk)
    with refusals(request, denied=True):
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
    return redirect(reverse("inspections:report_detail", args=[pk]))


def photo(request, pk):
    """A deduction's or a rectification answer's photo, to those who may see its inspection or
    order (``Photo.objects.visible_to``); 404 for anyone else."""
    item = get_object_or_404(Photo.objects.visible_to(request.user), pk=pk)
    return photo_response(item.file, item.content_type)
