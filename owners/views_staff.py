"""Staff pages: the unit roll of a project, and owners' votes followed, run and suspended.

Thin callers of ``owners.roll``, ``owners.importing``, ``owners.votes`` and ``owners.ballots``;
what a user sees is ``visible_to`` (officers of the region), what they may do the rules of
``owners.permissions``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import InvalidState
from core.files import serve
from core.permissions import allowed, holds_role, require_role, require_standing
from core.text import as_id, join_messages
from core.views import ImportView, ScopedDetailView, ScopedListView
from core.xlsx import ImportRejected
from projects.models import Project

from . import ballots, counting, importing, roll, votes
from .choices import RESULT_PUBLISHED, SUSPENDABLE, VoteStatus
from .forms_staff import (
    AnswerForm,
    DraftForm,
    ExtendForm,
    NoticeForm,
    OwnerCorrectionForm,
    PaperBallotForm,
    ReasonForm,
    UnitCorrectionForm,
    chosen,
)
from .models import Ballot, BallotScan, Committee, Owner, RollEntry, Unit, Vote

ACTIONS = ("owners.organise_vote", "owners.enter_paper_ballot", "owners.suspend_vote", "owners.edit_roll")


class OfficerOnly:
    def allowed(self, user):
        return user.is_officer


class VoteList(OfficerOnly, ScopedListView):
    model = Vote
    template_name = "owners/vote_list.html"

    def base_queryset(self):
        queryset = Vote.objects.select_related("project__region")
        status = self.request.GET.get("status")
        return queryset.filter(status=status) if status in VoteStatus.values else queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, statuses=VoteStatus.choices, status=self.request.GET.get("status"))


class VoteDetail(OfficerOnly, ScopedDetailView):
    model = Vote
    template_name = "owners/vote_detail.html"

    def get_context_data(self, **kwargs):
        vote = self.object
        context = super().get_context_data(**kwargs)
        context.update(
            can=allowed(self.request.user, ACTIONS, vote.project),
            matters=list(vote.matters.all()),
            events=vote.events.select_related("actor"),
            objections=vote.objections.select_related("owner", "answered_by"),
            unanswered=vote.objections.filter(answered_at__isnull=True).count(),
            answer_max=AnswerForm.base_fields["answer"].max_length,
            notice_form=NoticeForm(),
            extend_form=ExtendForm(),
            reason_form=ReasonForm(),
            paper_form=PaperBallotForm(matters=vote.matters.all()) if vote.status in _PAPER else None,
            tallies=_tallies(vote),
            ballots_cast=Ballot.objects.filter(vote=vote).count(),
            paper=Ballot.objects.filter(vote=vote, channel="paper").select_related("scan").order_by("created"),
            suspendable=vote.status in SUSPENDABLE,
        )
        return context


_PAPER = (VoteStatus.OPEN, VoteStatus.CLOSED)


def _tallies(vote):
    """What the page shows of the count: participation while the vote runs (no outcome before
    the close), the stored result from the preliminary result on, the count once closed."""
    if vote.status in RESULT_PUBLISHED:
        return [(r.matter, counting.tally_of(r, vote)) for r in _results(vote)]
    if vote.status in (VoteStatus.OPEN, VoteStatus.CLOSED, VoteStatus.SUSPENDED) and vote.roll_units:
        matters = {m.pk: m for m in vote.matters.all()}
        return [(matters[t.matter_id], t) for t in counting.count(vote)]
    return []


def _results(vote):
    from .models import MatterResult

    return MatterResult.objects.filter(matter__vote=vote).select_related("matter").order_by("matter__position")


@login_required
def vote_new(request):
    require_role(request.user, "owners.organise_vote")
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=as_id(request.GET.get("project")))
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vote = votes.draft(
                project,
                title=form.cleaned_data["title"],
                matters=form.matters(),
                actor=request.user,
                description=form.cleaned_data["description"],
                organiser=form.cleaned_data["organiser"],
            )
            return redirect("owners:vote_detail", vote.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "owners/vote_new.html", {"form": form, "project": project})


@login_required
@require_POST
def vote_act(request, pk, action):
    """One step of the vote's lifecycle; the outcome (or the refusal) as a message."""
    vote = get_object_or_404(Vote.objects.visible_to(request.user).select_related("project__region"), pk=pk)
    if action not in _STEPS:
        return redirect("owners:vote_detail", vote.pk)
    # The step's rule first (the business function asks it again): a form is checked only for
    # those who may take the step.
    require_standing(request.user, _RULE.get(action, "owners.organise_vote"), vote.project)
    try:
        _STEPS[action](request, vote)
    except (InvalidState, ValidationError) as error:
        messages.error(request, join_messages(error.messages))
    return redirect("owners:vote_detail", vote.pk)


def _form(form_class, request):
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(list(form.errors.values())[0])
    return form.cleaned_data


def _notice(request, vote):
    data = _form(NoticeForm, request)
    votes.give_notice(vote, opens_at=data["opens_at"], closes_at=data["closes_at"], actor=request.user)
    messages.success(request, _("已发布公告并向业主发送短信。"))


def _post_roll(request, vote):
    n = votes.post_roll(vote, actor=request.user)
    messages.success(request, _("表决名册已公示：%(n)d 套房屋。") % {"n": n})


def _extend(request, vote):
    data = _form(ExtendForm, request)
    votes.extend(vote, until=data["until"], reason=data["reason"], actor=request.user)


def _suspend(request, vote):
    votes.suspend(vote, reason=_form(ReasonForm, request)["reason"], actor=request.user)


def _paper(request, vote):
    form = PaperBallotForm(request.POST, request.FILES, matters=vote.matters.all())
    if not form.is_valid():
        raise ValidationError([f"{form.fields[k].label}：{join_messages(v)}" for k, v in form.errors.items()])
    entry = RollEntry.objects.filter(vote=vote, label=form.cleaned_data["unit"].strip()).first()
    if entry is None:
        raise ValidationError(_("表决名册上没有房号“%(u)s”。") % {"u": form.cleaned_data["unit"]})
    ballot = ballots.enter_paper(
        vote,
        unit=entry.unit,
        choices=chosen(form, vote.matters.all()),
        scan=form.cleaned_data["scan"],
        received_on=form.cleaned_data["received_on"],
        actor=request.user,
    )
    messages.success(request, _("已录入 %(u)s 的书面选票，回执码 %(r)s。") % {"u": entry.label, "r": ballot.receipt})


def _answer(request, vote):
    objection = vote.objections.filter(pk=as_id(request.POST.get("objection"))).first()
    if objection is None:
        raise ValidationError(_("请选择要答复的异议。"))
    votes.answer_objection(objection, text=_form(AnswerForm, request)["answer"], actor=request.user)
    messages.success(request, _("已答复异议。"))


_RULE = {"paper": "owners.enter_paper_ballot", "suspend": "owners.suspend_vote"}
_STEPS = {
    "notice": _notice,
    "post-roll": _post_roll,
    "open": lambda request, vote: votes.open_vote(vote, actor=request.user),
    "close": lambda request, vote: votes.close_vote(vote, actor=request.user),
    "extend": _extend,
    "preliminary": lambda request, vote: votes.publish_preliminary(vote, actor=request.user),
    "announce": lambda request, vote: votes.announce(vote, actor=request.user),
    "archive": lambda request, vote: votes.archive(vote, actor=request.user),
    "suspend": _suspend,
    "paper": _paper,
    "answer": _answer,
}


class RollProjects(OfficerOnly, ScopedListView):
    """The projects of the user's region that have a unit roll, with their units and votes."""

    model = Project
    template_name = "owners/roll_projects.html"

    def get(self, request, *args, **kwargs):
        code = (request.GET.get("code") or "").strip()
        if code:
            project = Project.objects.visible_to(request.user).filter(code=code[:32]).first()
            if project is not None:
                return redirect("owners:roll", project.pk)
            messages.error(request, _("辖区内没有编号为“%(c)s”的项目。") % {"c": code[:32]})
        return super().get(request, *args, **kwargs)

    def base_queryset(self):
        units = Unit.objects.filter(project=OuterRef("pk")).order_by().values("project").annotate(n=Count("pk"))
        running = Vote.objects.filter(project=OuterRef("pk")).exclude(
            status__in=[VoteStatus.DRAFT, VoteStatus.ARCHIVED, VoteStatus.SUSPENDED]
        )
        return (
            Project.objects.filter(Exists(Unit.objects.filter(project=OuterRef("pk"))))
            .annotate(unit_count=Subquery(units.values("n")), running=Exists(running))
            .select_related("region")
            .order_by("code")
        )


class RollView(OfficerOnly, ScopedListView):
    """A project's units with their owners (names, masked phones, the ID's last four)."""

    model = Unit
    template_name = "owners/roll.html"
    paginate_by = 50

    @cached_property
    def project(self):
        return get_object_or_404(Project.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def base_queryset(self):
        return (
            Unit.objects.filter(project=self.project)
            .select_related("building")
            .prefetch_related("ownerships__owner")
            .in_register_order()
        )

    def get_context_data(self, **kwargs):
        can = allowed(self.request.user, ("owners.import_roll", "owners.edit_roll"), self.project)
        votes_ = Vote.objects.filter(project=self.project).visible_to(self.request.user)
        committee = Committee.objects.filter(project=self.project).order_by("-term").first()
        return super().get_context_data(**kwargs, project=self.project, can=can, votes=votes_, committee=committee)


class RollImport(ImportView):
    action = "owners.import_roll"
    title = gettext_lazy("导入房屋业主名册")
    columns = importing.COLUMNS

    def allowed(self, user):
        return holds_role(user, self.action)

    @cached_property
    def project(self):
        return get_object_or_404(Project.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, project=self.project)  # 404 outside the scope

    def form_valid(self, form):
        project = self.project
        try:
            result = importing.import_roll(
                form.cleaned_data["file"], project=project, user=self.request.user, request=self.request
            )
        except ImportRejected as rejected:
            return self.render_to_response(self.get_context_data(form=form, row_errors=rejected.errors))
        messages.success(
            self.request, _("导入成功：新增 %(created)d 套，更新 %(updated)d 套，业主 %(owners)d 人。") % result
        )
        return redirect("owners:roll", project.pk)


@login_required
def unit_edit(request, pk):
    require_role(request.user, "owners.edit_roll")
    unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("project", "building"), pk=pk)
    require_standing(request.user, "owners.edit_roll", unit.project)
    form = UnitCorrectionForm(
        request.POST or None,
        initial={"area": unit.area, "delivered": unit.delivered, "delivered_on": unit.delivered_on},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            roll.correct_unit(
                unit,
                actor=request.user,
                reason=data["reason"],
                request=request,
                area=data["area"],
                delivered=data["delivered"] or bool(data["delivered_on"]),
                delivered_on=data["delivered_on"],
            )
            messages.success(request, _("已更正并记入审计日志。"))
            return redirect("owners:roll", unit.project_id)
        except ValidationError as error:
            form.add_error(None, error)
    owners = unit.ownerships.select_related("owner")
    return render(request, "owners/unit_edit.html", {"unit": unit, "form": form, "ownerships": owners})


@login_required
def owner_edit(request, pk):
    require_role(request.user, "owners.edit_roll")
    owner = get_object_or_404(Owner.objects.visible_to(request.user).select_related("project"), pk=pk)
    require_standing(request.user, "owners.edit_roll", owner.project)
    # The phone is shown masked, to officers too: a new one replaces it, a blank keeps it.
    form = OwnerCorrectionForm(request.POST or None, initial={"name": owner.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            roll.correct_owner(
                owner,
                actor=request.user,
                reason=data["reason"],
                request=request,
                name=data["name"],
                phone=data["phone"] or None,
            )
            messages.success(request, _("已更正并记入审计日志。"))
            return redirect("owners:roll", owner.project_id)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "owners/owner_edit.html", {"owner": owner, "form": form})


@login_required
def ballot_scan(request, pk):
    """A paper ballot's scan, to the officers who see its vote (404 for anyone else)."""
    return serve(request, BallotScan.objects, pk)
