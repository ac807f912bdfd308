"""Random inspection draws (双随机抽查): organise, execute with confirmation, verify, create the inspections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require, require_role
from core.punctuation import join_clauses
from core.refusals import refusals
from core.views import ScopedListView

from .. import draws, workflow
from ..choices import DrawStatus
from ..columns import DRAW_COLUMNS
from ..forms import DrawForm
from ..models import (
    Draw,
)
from ._common import _staff


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
                messages.error(request, _("复核不一致：") + join_clauses(problems))
        elif action == "inspections":
            require(request.user, "inspections.execute_draw", draw)
            made = workflow.create_for_draw(draw)
            messages.success(request, _("已生成 %(n)d 个检查任务。") % {"n": len(made)})
        else:
            raise Http404
    return redirect("inspections:draw_detail", pk=pk)
