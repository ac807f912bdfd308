"""Scoring schemes (draft, publish, new version) and the street offices' evaluations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import may
from core.quarters import Quarter
from core.refusals import form_messages, refusals
from core.text import as_id
from projects.models import Project

from .. import schemes, street
from ..choices import COMPONENT_DEFINITIONS, Component, SchemeStatus
from ..forms import (
    SchemeForm,
    StreetEvaluationForm,
)
from ..models import (
    Scheme,
    StreetEvaluation,
)
from ._common import _allowed


@login_required
def scheme_list(request):
    if not _allowed(request.user):
        raise PermissionDenied
    return render(request, "ratings/scheme_list.html", {"schemes": Scheme.objects.visible_to(request.user)})


@login_required
def scheme_detail(request, pk):
    scheme = get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    editable = scheme.status == SchemeStatus.DRAFT and may(request.user, "ratings.edit_scheme", scheme)
    form = SchemeForm(request.POST or None, initial=schemes.form_initial(scheme)) if editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with refusals(request, only=ValidationError):
                schemes.update_draft(scheme, form.cleaned_data, actor=request.user)
                messages.success(request, _("已保存。"))
                return redirect("ratings:scheme_detail", pk=scheme.pk)
    weights = [
        (label, scheme.params.get("weights", {}).get(key), COMPONENT_DEFINITIONS[key])
        for key, label in Component.choices
    ]
    return render(request, "ratings/scheme_detail.html", {"scheme": scheme, "form": form, "weights": weights})


@login_required
@require_POST
def scheme_action(request, pk, action):
    scheme = get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    actions = {"publish": schemes.publish, "new_version": schemes.new_version}
    if action not in actions:
        raise PermissionDenied
    with refusals(request, denied=True) as outcome:
        result = actions[action](scheme, actor=request.user)
    if outcome.error:
        return redirect("ratings:scheme_detail", pk=scheme.pk)
    return redirect("ratings:scheme_detail", pk=result.pk)


@login_required
def street_evaluations(request):
    """A street officer scores the projects of the street for the quarter that just closed."""
    if not request.user.is_street_officer:
        raise PermissionDenied(_("街道考核由街道办事处工作人员填写。"))
    quarter = Quarter.last_closed()
    projects = Project.objects.visible_to(request.user).filter(enterprise__isnull=False).select_related("region")
    if request.method == "POST":
        form = StreetEvaluationForm(request.POST)
        chosen = request.POST.get("project", "")
        project = get_object_or_404(projects, pk=as_id(chosen) or 0)
        if form.is_valid():
            with refusals(request, denied=True):
                street.evaluate(project, quarter, actor=request.user, **form.cleaned_data)
                messages.success(request, _("已保存 %(p)s 的评价。") % {"p": project.name})
        else:
            problems = form_messages(form)
            messages.error(request, _("%(p)s：%(e)s") % {"p": project.name, "e": problems})
        return redirect("ratings:street_evaluations")
    evaluations = StreetEvaluation.objects.visible_to(request.user).filter(year=quarter.year, quarter=quarter.number)
    done = {e.project_id: e for e in evaluations}
    rows = [(p, done.get(p.pk)) for p in projects.order_by("region__path", "name")[:500]]
    closed = street.is_closed(quarter)
    return render(request, "ratings/street_evaluations.html", {"quarter": quarter, "rows": rows, "closed": closed})
