"""Quarterly assessment pages: runs with their progress, score lists, explanations, schemes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.permissions import has_standing, holds_role, may, require_standing
from core.permissions import refusal as permission_refusal
from core.photos import photo_response
from core.publication import confirmed, person_row
from core.quarters import Quarter, as_year
from core.refusals import form_messages, refusals
from core.text import as_id
from core.views import ScopedDetailView, ScopedListView
from enterprises.models import Enterprise
from projects.choices import RegionLevel
from projects.models import Project, Region

from . import credit, honours, jobs, lists, objections, schemes, scoring, stars, street
from .choices import COMPONENT_DEFINITIONS, Component, HonourStatus, ListStatus, RunStatus, SchemeStatus, StarStatus
from .columns import (
    CREDIT_RECORD_COLUMNS,
    ENTERPRISE_SCORE_COLUMNS,
    HONOUR_COLUMNS,
    LIST_ENTRY_COLUMNS,
    PROJECT_SCORE_COLUMNS,
    STAR_COLUMNS,
)
from .filtersets import (
    CreditRecordFilterSet,
    EnterpriseScoreFilterSet,
    HonourFilterSet,
    ListEntryFilterSet,
    ProjectScoreFilterSet,
    StarFilterSet,
)
from .forms import (
    HonourDecisionForm,
    HonourNominateForm,
    ListGenerateForm,
    ObjectionDecisionForm,
    ObjectionForm,
    PenaltyForm,
    SchemeForm,
    StarApplyForm,
    StarReviewForm,
    StartForm,
    StreetEvaluationForm,
)
from .models import (
    CreditRecord,
    EnterpriseScore,
    Honour,
    ListEdition,
    ListEntry,
    Objection,
    ObjectionPhoto,
    ProjectScore,
    Scheme,
    ScoringRun,
    StarRating,
    StreetEvaluation,
)
from .public_views import list_context


def _allowed(user) -> bool:
    return user.is_staff_side or user.is_enterprise_user


@login_required
def run_list(request):
    """The quarters: their status, progress while computing, and (officers) start or publish."""
    if not _allowed(request.user):
        raise PermissionDenied
    runs = ScoringRun.objects.visible_to(request.user).select_related("scheme", "reviewed_by")
    published = {str(r.period) for r in runs if r.status == RunStatus.PUBLISHED}
    context = {
        "runs": runs, "form": StartForm(published=published),
        "computing": any(r.status == RunStatus.COMPUTING for r in runs),
    }  # fmt: skip
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


NOT_CONFIRMED = gettext_lazy("请核对公布内容并勾选确认后再公布。")


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
        "run": run, **summary, "people": [row for row in people if row], "refusal": refusal,
        "extremes": [(_("得分最高的企业"), summary["top"]), (_("得分最低的企业"), summary["bottom"])],
        "action": request.path, "back": reverse("ratings:run_list"), "button": _("确认公布考核结果"),
        "statement": _("我已核对以上得分、企业数和未处理异议，确认公布 %(q)s 考核结果。") % {"q": run.period},
    }  # fmt: skip
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
        return {**context, "lines": lines, "total": scoring.total(score, lines),
                "left_out": scoring.left_out(score, parts),
                **_objection_context(self.request.user, score, project=score.project_id)}  # fmt: skip


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
        return {**super().get_context_data(**kwargs), "projects": projects.select_related("project"),
                **_objection_context(self.request.user, self.object, project=None)}  # fmt: skip


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


# --- red and black lists ---------------------------------------------------------------------


@login_required
def list_index(request, pk):
    """The quarter's lists the user may see, and (bureau officers) drafting one by rule."""
    run = get_object_or_404(ScoringRun.objects.visible_to(request.user), pk=pk)
    editions = ListEdition.objects.visible_to(request.user).filter(run=run).select_related("region")
    regions = Region.objects.visible_to(request.user).filter(level__lte=RegionLevel.DISTRICT).order_by("path")
    if request.method == "POST":
        form = ListGenerateForm(request.POST, regions=regions)
        if form.is_valid():
            with refusals(request, denied=True):
                edition = lists.generate(run, form.cleaned_data["region"], form.cleaned_data["subject"],
                                         actor=request.user)  # fmt: skip
                return redirect("ratings:list_detail", pk=edition.pk)
    else:
        form = ListGenerateForm(regions=regions)
    can_draft = any(may(request.user, "ratings.draw_up_list", region) for region in regions)
    return render(request, "ratings/list_index.html", {"run": run, "editions": editions, "form": form,
                                                        "can_draft": can_draft})  # fmt: skip


@login_required
def list_detail(request, pk):
    edition = get_object_or_404(ListEdition.objects.visible_to(request.user).select_related("run", "region"), pk=pk)
    manage = has_standing(request.user, "ratings.review_list", edition)
    return render(request, "ratings/list_detail.html", list_context(edition, manage=manage))


@login_required
def list_action(request, pk, action):
    edition = get_object_or_404(ListEdition.objects.visible_to(request.user), pk=pk)
    if action == "publish":
        return _list_publish(request, edition)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    with refusals(request):
        if action == "review":
            edition = lists.review(edition, actor=request.user)
        elif action == "supersede":
            edition = lists.supersede(edition, reason=request.POST.get("reason", "")[:2000], actor=request.user)
        elif action == "remove":
            chosen = request.POST.get("entry", "")
            entry = get_object_or_404(edition.entries, pk=as_id(chosen) or 0)
            lists.remove_entry(entry, actor=request.user)
        else:
            raise PermissionDenied
    return redirect("ratings:list_detail", pk=edition.pk)


def _list_publish(request, edition):
    """GET: the confirmation page, the entries with their ranks and reasons as they will be
    public; POST with the confirmation: publish the list."""
    if request.method == "POST":
        if not confirmed(request.POST):
            messages.error(request, NOT_CONFIRMED)
            return redirect("ratings:list_action", pk=edition.pk, action="publish")
        with refusals(request) as outcome:
            lists.publish(edition, actor=request.user)
        if outcome.error:
            return redirect("ratings:list_action", pk=edition.pk, action="publish")
        messages.success(request, _("榜单已公布。"))
        return redirect("ratings:list_detail", pk=edition.pk)
    require_standing(request.user, "ratings.publish_list", edition)
    refusal = permission_refusal(request.user, "ratings.publish_list", edition)
    if edition.status != ListStatus.REVIEWED:
        refusal = _("该榜单当前状态为“%(s)s”，只有已审核的榜单可以公布。") % {"s": edition.get_status_display()}
    elif edition.run.status != RunStatus.PUBLISHED:
        refusal = refusal or _("季度考核结果公布后才能公布红黑榜。")
    context = {
        **list_context(edition, manage=False), "refusal": refusal,
        "people": [person_row(_("拟稿人"), edition.drafted_by, edition.created),
                   person_row(_("审核人"), edition.reviewed_by, edition.reviewed_at)],
        "action": request.path, "back": reverse("ratings:list_detail", args=[edition.pk]),
        "button": _("确认公布榜单"), "statement": _("我已逐条核对以上上榜对象、名次和理由，确认公布。"),
    }  # fmt: skip
    return render(request, "ratings/list_publish.html", context)


class ListEntryListView(ScopedListView):
    """Entries of the lists the user may see (published ones to everybody signed in), by
    edition, quarter, jurisdiction and colour; exportable."""

    model = ListEntry
    filterset_class = ListEntryFilterSet
    template_name = "ratings/list_entry_list.html"
    export_columns = LIST_ENTRY_COLUMNS
    export_name = "红黑榜"

    def allowed(self, user):
        return _allowed(user)

    def base_queryset(self):
        return ListEntry.objects.select_related("edition__run", "edition__region", "enterprise", "project").order_by(
            "-edition__run__year", "-edition__run__quarter", "edition__region__path", "edition__subject",
            "-edition__version", "color", "rank",
        )  # fmt: skip


# --- credit ------------------------------------------------------------------------------------
@login_required
def credit_file(request, pk):
    """An enterprise's credit file for those who supervise it (and the enterprise itself); bureau
    officers enter administrative penalties here."""
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    form = PenaltyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, denied=True):
            credit.record_penalty(enterprise, actor=request.user, **form.cleaned_data)
            messages.success(request, _("已录入行政处罚。"))
            return redirect("ratings:credit_file", pk=enterprise.pk)
    score = credit.score_on(enterprise.pk)
    records = (
        CreditRecord.objects.visible_to(request.user).filter(enterprise=enterprise).prefetch_related("lists__region")
    )
    context = {"enterprise": enterprise, "score": score, "grade": credit.grade(score), "records": records[:200],
               "form": form if may(request.user, "ratings.record_penalty", enterprise) else None}  # fmt: skip
    return render(request, "ratings/credit_file.html", context)


class CreditRecordListView(ScopedListView):
    """Credit records of the enterprises the user may see (one enterprise's with ``?enterprise=``)."""

    model = CreditRecord
    filterset_class = CreditRecordFilterSet
    template_name = "ratings/credit_record_list.html"
    export_columns = CREDIT_RECORD_COLUMNS
    export_name = "信用记录"

    def allowed(self, user):
        return _allowed(user)

    def base_queryset(self):
        return CreditRecord.objects.select_related("enterprise").prefetch_related("lists__region")


# --- star rating -------------------------------------------------------------------------------
class StarListView(ScopedListView):
    """Star ratings the user may see, filtered and exportable; an enterprise applies here."""

    model = StarRating
    filterset_class = StarFilterSet
    template_name = "ratings/star_list.html"
    export_columns = STAR_COLUMNS
    export_name = "星级评定"

    def allowed(self, user):
        return _allowed(user)

    def base_queryset(self):
        return StarRating.objects.select_related("enterprise")

    def apply_form(self, data=None):
        user = self.request.user
        if not (user.enterprise_id and may(user, "ratings.apply_star", user.enterprise)):
            return None
        return StarApplyForm(data, initial={"year": timezone.localdate().year - 1})

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form": kwargs.get("form") or self.apply_form()}

    def post(self, request, *args, **kwargs):
        form = self.apply_form(request.POST)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with refusals(request, denied=True):
                rating = stars.apply(request.user.enterprise, form.cleaned_data["year"], form.cleaned_data["level"],
                                     actor=request.user)  # fmt: skip
                return redirect("ratings:star_detail", pk=rating.pk)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))


@login_required
def star_detail(request, pk):
    rating = get_object_or_404(StarRating.objects.visible_to(request.user).select_related("enterprise"), pk=pk)
    review = rating.status == StarStatus.APPLIED and may(request.user, "ratings.review_star", rating)
    review = review or rating.status == StarStatus.GRANTED and may(request.user, "ratings.publish_star", rating)
    context = {"rating": rating, "evidence": stars.evidence(rating.enterprise, rating.year),
               "form": StarReviewForm() if review else None, "downgrades": rating.downgrades.all()}  # fmt: skip
    return render(request, "ratings/star_detail.html", context)


@login_required
def star_action(request, pk, action):
    rating = get_object_or_404(StarRating.objects.visible_to(request.user).select_related("enterprise"), pk=pk)
    if action == "publish":
        return _star_publish(request, rating)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reason = request.POST.get("reason", "")[:2000]
    with refusals(request):
        if action in ("grant", "reject"):
            stars.review(rating, actor=request.user, grant=action == "grant", reason=reason)
        else:
            raise PermissionDenied
    return redirect("ratings:star_detail", pk=rating.pk)


def _star_publish(request, rating):
    """GET: the confirmation page, the enterprise and the star level as they will be public;
    POST with the confirmation: publish the star."""
    if request.method == "POST":
        if not confirmed(request.POST):
            messages.error(request, NOT_CONFIRMED)
            return redirect("ratings:star_action", pk=rating.pk, action="publish")
        with refusals(request) as outcome:
            stars.publish(rating, actor=request.user)
        if outcome.error:
            return redirect("ratings:star_action", pk=rating.pk, action="publish")
        messages.success(request, _("星级评定已公布。"))
        return redirect("ratings:star_detail", pk=rating.pk)
    require_standing(request.user, "ratings.publish_star", rating)
    refusal = permission_refusal(request.user, "ratings.publish_star", rating)
    if rating.status != StarStatus.GRANTED:
        refusal = _("只有已审核的星级评定可以公布。")
    context = {
        "rating": rating, "refusal": refusal,
        "people": [person_row(_("申请人"), rating.applied_by, rating.created),
                   person_row(_("审核人"), rating.reviewed_by, rating.reviewed_at)],
        "action": request.path, "back": reverse("ratings:star_detail", args=[rating.pk]),
        "button": _("确认公布星级"),
        "statement": _("我已核对企业和评定星级，确认公布 %(e)s %(y)d 年度 %(n)s 星。")
        % {"e": rating.enterprise.name, "y": rating.year, "n": rating.granted},
    }  # fmt: skip
    return render(request, "ratings/star_publish.html", context)


# --- objections --------------------------------------------------------------------------------
def _objection_context(user, score, *, project) -> dict:
    filed = Objection.objects.visible_to(user).filter(run=score.run, enterprise=score.enterprise, project=project)
    return {"objections": filed.prefetch_related("photos"), "deadline": objections.deadline(score.run),
            "objection_form": ObjectionForm() if objections.may_file(score, user) else None}  # fmt: skip


SCORE_MODELS = {"enterprise": (EnterpriseScore, "ratings:enterprise_score"),
                "project": (ProjectScore, "ratings:project_score")}  # fmt: skip


@login_required
@require_POST
def objection_file(request, pk, kind):
    model, page = SCORE_MODELS[kind]
    score = get_object_or_404(model.objects.visible_to(request.user).select_related("run"), pk=pk)
    form = ObjectionForm(request.POST, request.FILES)
    if form.is_valid():
        with refusals(request, denied=True):
            objections.file(score, actor=request.user, reason=form.cleaned_data["reason"],
                            images=form.cleaned_data["photos"])  # fmt: skip
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
    context = {"run": run, "objections": rows.prefetch_related("photos")[:500], "deadline": objections.deadline(run),
               "form": ObjectionDecisionForm() if decide else None}  # fmt: skip
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
            objections.uphold(objection, actor=request.user, reason=form.cleaned_data["reason"],
                              adjustment=form.cleaned_data["adjustment"])  # fmt: skip
        else:
            objections.reject(objection, actor=request.user, reason=form.cleaned_data["reason"])
    return redirect("ratings:objection_list", pk=objection.run_id)


@login_required
def objection_photo(request, pk):
    photo = get_object_or_404(ObjectionPhoto.objects.visible_to(request.user), pk=pk)
    return photo_response(photo.file, photo.content_type)


# --- honours -----------------------------------------------------------------------------------
class HonourListView(ScopedListView):
    """评先树优: a jurisdiction's base, quota and selections per kind for a year, and the
    nominations the user may see, filtered and exportable."""

    model = Honour
    filterset_class = HonourFilterSet
    template_name = "ratings/honour_list.html"
    export_columns = HONOUR_COLUMNS
    export_name = "评先树优"

    def allowed(self, user):
        return _allowed(user)

    def base_queryset(self):
        return Honour.objects.select_related("region", "enterprise", "project")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        regions = list(honours.jurisdictions(user))
        chosen = self.request.GET.get("region", "")
        region = next((r for r in regions if r.code == chosen), None) or honours.home_jurisdiction(user, regions)
        year = _year(self.request.GET.get("year"))
        context.update(
            standings_region=region, standings_year=year, standings=honours.standings(year, region) if region else [],
            can_nominate=honours.may_nominate_somewhere(user, regions),
        )  # fmt: skip
        return context


def _year(value) -> int:
    """The year a list's standings show: the query's, if it is a plausible one, else this year."""
    return as_year(value) or timezone.localdate().year


@login_required
def honour_nominate(request):
    user = request.user
    regions = honours.jurisdictions(user)
    if not honours.may_nominate_somewhere(user, regions):
        raise PermissionDenied(_("只有住建主管部门或企业可以提名。"))
    form = HonourNominateForm(request.POST or None, user=user, regions=regions,
                              initial={"year": timezone.localdate().year})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals(request, denied=True):
            honour = honours.nominate(
                kind=data["kind"], year=data["year"], region=data["region"], enterprise=data["uscc"],
                project=data.get("project"), person=data.get("person", ""), merits=data["merits"], actor=user,
            )  # fmt: skip
            messages.success(request, _("已提名，等待主管部门初审。"))
            return redirect("ratings:honour_detail", pk=honour.pk)
    return render(request, "ratings/honour_nominate.html", {"form": form})


@login_required
def honour_detail(request, pk):
    honour = get_object_or_404(
        Honour.objects.visible_to(request.user).select_related("region", "enterprise", "project"), pk=pk
    )
    manage = has_standing(request.user, "ratings.review_honour", honour)
    standing = next(row for row in honours.standings(honour.year, honour.region) if row["kind"] == honour.kind)
    context = {"honour": honour, "standing": standing, "manage": manage,
               "form": HonourDecisionForm() if manage else None}  # fmt: skip
    return render(request, "ratings/honour_detail.html", context)


@login_required
def honour_action(request, pk, action):
    honour = get_object_or_404(Honour.objects.visible_to(request.user).select_related("region"), pk=pk)
    if action == "select":
        return _honour_select(request, honour)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reason = request.POST.get("reason", "")[:2000]
    with refusals(request):
        if action == "review":
            honours.review(honour, actor=request.user, reason=reason)
        elif action == "reject":
            honours.turn_down(honour, actor=request.user, reason=reason)
        else:
            raise PermissionDenied
    return redirect("ratings:honour_detail", pk=honour.pk)


def _honour_select(request, honour):
    """GET: the confirmation page, the honour and the nominee as they will be public; POST with
    the confirmation: select (评选)."""
    if request.method == "POST":
        if not confirmed(request.POST):
            messages.error(request, NOT_CONFIRMED)
            return redirect("ratings:honour_action", pk=honour.pk, action="select")
        with refusals(request) as outcome:
            honours.select(honour, actor=request.user)
        if outcome.error:
            return redirect("ratings:honour_action", pk=honour.pk, action="select")
        messages.success(request, _("已评选。"))
        return redirect("ratings:honour_detail", pk=honour.pk)
    require_standing(request.user, "ratings.select_honour", honour)
    refusal = permission_refusal(request.user, "ratings.select_honour", honour)
    standing = next(row for row in honours.standings(honour.year, honour.region) if row["kind"] == honour.kind)
    if honour.status != HonourStatus.REVIEWED:
        refusal = _("只有已初审的可以评选。")
    elif not standing["left"]:
        refusal = refusal or _("评选比例不超过千分之五：范围内基数 %(base)d，名额 %(quota)d，已评选 %(count)d。") % {
            "base": standing["base"], "quota": standing["quota"], "count": standing["selected"],
        }  # fmt: skip
    context = {
        "honour": honour, "standing": standing, "refusal": refusal,
        "people": [person_row(_("提名人"), honour.nominated_by, honour.created),
                   person_row(_("初审人"), honour.reviewed_by, honour.reviewed_at)],
        "action": request.path, "back": reverse("ratings:honour_detail", args=[honour.pk]),
        "button": _("确认评选"), "statement": _("我已核对评选类别、被提名对象和事迹，确认评选并公开。"),
    }  # fmt: skip
    return render(request, "ratings/honour_select.html", context)
