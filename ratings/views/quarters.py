"""Quarters: the scoring runs (start, review, publish with confirmation) and their scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import holds_role, require_standing
from core.permissions import refusal as permission_refusal
from core.publication import confirmed, person_row
from core.quarters import Quarter
from core.refusals import refusals
from core.text import as_id
from core.views import ScopedDetailView, ScopedListView

from .. import jobs, scoring
from ..choices import RunStatus
from ..columns import (
    ENTERPRISE_SCORE_COLUMNS,
    PROJECT_SCORE_COLUMNS,
)
from ..filtersets import (
    EnterpriseScoreFilterSet,
    ProjectScoreFilterSet,
)
from ..forms import (
    StartForm,
)
from ..models import (
    EnterpriseScore,
    ProjectScore,
    ScoringRun,
)
from ._common import NOT_CONFIRMED, _allowed
from .objections import _objection_context


@login_required
def run_list(request):
    """The quarters: their status, progress while computing, and (officers) start or publish."""
    if not _allowed(request.user):
        raise PermissionDenied
    runs = ScoringRun.objects.visible_to(request.user).select_related("scheme", "reviewed_by")
    published = {str(r.period) for r in runs if r.status == RunStatus.PUBLISHED}
    context = {
        "runs": runs,
        "form": StartForm(published=published),
        "computing": any(r.status == RunStatus.COMPUTING for r in runs),
    }
    return render(request, "ratings/run_list.html", context)


@login_required
@require_POST
def run_start(request):
    form = StartForm(request.POST)
    if form.is_valid():
        with refusals(request, denied=True):
            jobs.start(Quarter.parse(form.cleaned_data["quarter"]), actor=request.user)
            started = _("%(q)s 考核计算已开始，按区县分区由后台完成。") % {"q": form.cleaned_data["quarter"]}
            messages.success(request, started)
    return redirect("ratings:run_list")


@login_required
@require_POST
def run_review(request, pk):
    """审核 a computed quarter (by an officer other than the one who started it)."""
    run = get_object_or_404(ScoringRun.objects.visible_to(request.user), pk=pk)
    with refusals(request, denied=True):
        jobs.review(run, actor=request.user)
        messages.success(request, _("已审核，请由另一名工作人员核对后公布。"))
    return redirect("ratings:run_list")


@login_required
def run_publish(request, pk):
    """GET: the confirmation page, what publishing the quarter makes public; POST with the
    confirmation: publish it."""
    run = get_object_or_404(ScoringRun.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    if request.method == "POST":
        if not confirmed(request.POST):
            messages.error(request, NOT_CONFIRMED)
            return redirect("ratings:run_publish", pk=run.pk)
        with refusals(request, denied=True) as outcome:
            jobs.publish(run, actor=request.user)
        if outcome.error:
            if holds_role(request.user, "ratings.publish_run"):
                return redirect("ratings:run_publish", pk=run.pk)
            return redirect("ratings:run_list")
        messages.success(request, _("%(q)s 考核结果已公布。") % {"q": run.period})
        return redirect("ratings:run_list")
    require_standing(request.user, "ratings.publish_run", run)
    people = [
        person_row(_("发起计算"), run.started_by, run.started, nobody=_("系统（计算任务）")),
        person_row(_("审核人"), run.reviewed_by, run.reviewed_at) if run.reviewed_at else None,
    ]
    refusal = permission_refusal(request.user, "ratings.publish_run", run)
    summary = jobs.summary(run)
    if run.status != RunStatus.DRAFT:
        refusal = _("只有计算完成、待审核的季度可以公布。")
    elif run.reviewed_at is None:
        refusal = _("该季度考核结果尚未审核，审核后才能公布。")
    elif not refusal and summary["pending_objections"]:
        refusal = _("该季度尚有 %(n)d 件异议未处理，处理完毕后才能公布。") % {"n": summary["pending_objections"]}
    context = {
        "run": run,
        **summary,
        "people": [row for row in people if row],
        "refusal": refusal,
        "extremes": [(_("得分最高的企业"), summary["top"]), (_("得分最低的企业"), summary["bottom"])],
        "action": request.path,
        "back": reverse("ratings:run_list"),
        "button": _("确认公布考核结果"),
        "statement": _("我已核对以上得分、企业数和未处理异议，确认公布 %(q)s 考核结果。") % {"q": run.period},
    }
    return render(request, "ratings/run_publish.html", context)


class RunScopedList(ScopedListView):
    """A quarter's scores. The quarter is the URL's ``pk``; a background export rebuilds the view
    from the query string alone, so the export carries it as ``run``."""

    run = None

    def allowed(self, user):
        return _allowed(user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.run = get_object_or_404(ScoringRun.objects.visible_to(request.user), pk=kwargs["pk"])
            if request.GET.get("export") == "xlsx":
                query = request.GET.copy()
                query["run"] = str(self.run.pk)
                request.GET = query
        return super().dispatch(request, *args, **kwargs)

    def get_run(self):
        if self.run is None:  # rebuilt by core.exports: no URL, the query string has the run
            chosen = self.request.GET.get("run", "")
            runs = ScoringRun.objects.visible_to(self.request.user)
            self.run = runs.filter(pk=as_id(chosen) or 0).first()
        return self.run

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "run": self.run}


class ProjectScoreListView(RunScopedList):
    model = ProjectScore
    filterset_class = ProjectScoreFilterSet
    template_name = "ratings/project_score_list.html"
    export_columns = PROJECT_SCORE_COLUMNS
    export_name = "项目季度得分"

    def base_queryset(self):
        return ProjectScore.objects.filter(run=self.get_run()).select_related("project", "enterprise", "run")


class EnterpriseScoreListView(RunScopedList):
    model = EnterpriseScore
    filterset_class = EnterpriseScoreFilterSet
    template_name = "ratings/enterprise_score_list.html"
    export_columns = ENTERPRISE_SCORE_COLUMNS
    export_name = "企业季度得分"

    def base_queryset(self):
        return EnterpriseScore.objects.filter(run=self.get_run()).select_related("enterprise", "run")


class ProjectScoreDetailView(ScopedDetailView):
    model = ProjectScore
    template_name = "ratings/project_score_detail.html"

    def allowed(self, user):
        return _allowed(user)

    def base_queryset(self):
        return ProjectScore.objects.select_related("project__region", "enterprise", "run__scheme")

    def get_context_data(self, **kwargs):
        score = self.object
        context = super().get_context_data(**kwargs)
        parts = list(score.parts.all())
        lines = scoring.explain(score, parts)
        return {
            **context,
            "lines": lines,
            "total": scoring.total(score, lines),
            "left_out": scoring.left_out(score, parts),
            **_objection_context(self.request.user, score, project=score.project_id),
        }


class EnterpriseScoreDetailView(ScopedDetailView):
    model = EnterpriseScore
    template_name = "ratings/enterprise_score_detail.html"

    def allowed(self, user):
        return _allowed(user)

    def base_queryset(self):
        return EnterpriseScore.objects.select_related("enterprise", "run__scheme")

    def get_context_data(self, **kwargs):
        projects = ProjectScore.objects.visible_to(self.request.user).filter(
            run=self.object.run, enterprise=self.object.enterprise
        )
        return {
            **super().get_context_data(**kwargs),
            "projects": projects.select_related("project"),
            **_objection_context(self.request.user, self.object, project=None),
        }
