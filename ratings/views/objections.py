"""Objections (异议) to a draft quarter: filed by enterprises, decided by officers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import serve
from core.refusals import form_messages, refusals

from .. import objections
from ..choices import RunStatus
from ..forms import (
    ObjectionDecisionForm,
    ObjectionForm,
)
from ..models import (
    EnterpriseScore,
    Objection,
    ObjectionPhoto,
    ProjectScore,
    ScoringRun,
)


# --- objections --------------------------------------------------------------------------------
def _objection_context(user, score, *, project) -> dict:
    filed = Objection.objects.visible_to(user).filter(run=score.run, enterprise=score.enterprise, project=project)
    return {
        "objections": filed.prefetch_related("photos"),
        "deadline": objections.deadline(score.run),
        "objection_form": ObjectionForm() if objections.may_file(score, user) else None,
    }


SCORE_MODELS = {
    "enterprise": (EnterpriseScore, "ratings:enterprise_score"),
    "project": (ProjectScore, "ratings:project_score"),
}


@login_required
@require_POST
def objection_file(request, pk, kind):
    model, page = SCORE_MODELS[kind]
    score = get_object_or_404(model.objects.visible_to(request.user).select_related("run"), pk=pk)
    form = ObjectionForm(request.POST, request.FILES)
    if form.is_valid():
        with refusals(request, denied=True):
            objections.file(
                score, actor=request.user, reason=form.cleaned_data["reason"], images=form.cleaned_data["photos"]
            )
            messages.success(request, _("异议已提出，等待主管部门处理。"))
    else:
        messages.error(request, form_messages(form))
    return redirect(page, pk=score.pk)


@login_required
def objection_list(request, pk):
    """The quarter's objections the user may see; officers uphold or reject them here."""
    run = get_object_or_404(ScoringRun.objects.visible_to(request.user), pk=pk)
    rows = Objection.objects.visible_to(request.user).filter(run=run).select_related("enterprise__region", "project")
    decide = run.status == RunStatus.DRAFT  # each row asks ratings.decide_objection
    context = {
        "run": run,
        "objections": rows.prefetch_related("photos")[:500],
        "deadline": objections.deadline(run),
        "window_open": objections.is_open(run),
        "form": ObjectionDecisionForm() if decide else None,
    }
    return render(request, "ratings/objection_list.html", context)


@login_required
@require_POST
def objection_action(request, pk, action):
    objection = get_object_or_404(Objection.objects.visible_to(request.user), pk=pk)
    form = ObjectionDecisionForm(request.POST)
    if action not in ("uphold", "reject"):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, form_messages(form))
        return redirect("ratings:objection_list", pk=objection.run_id)
    with refusals(request, only=ValidationError):
        if action == "uphold":
            objections.uphold(
                objection,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                adjustment=form.cleaned_data["adjustment"],
            )
        else:
            objections.reject(objection, actor=request.user, reason=form.cleaned_data["reason"])
    return redirect("ratings:objection_list", pk=objection.run_id)


@login_required
def objection_photo(request, pk):
    """An objection's photo, to those who may see the objection; 404 for anyone else."""
    return serve(request, ObjectionPhoto.objects, pk)
