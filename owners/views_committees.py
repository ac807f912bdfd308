"""Committee pages: the bureau's list (committees per region by state, preparatory groups and
filings overdue, renewals due), one committee's case with its steps, and the panel on the
project's public page (the committee, its term, its filed documents).

Thin callers of ``owners.committees``, ``owners.committee_renewal`` and
``owners.committee_members``; what a user sees is ``visible_to`` (officers of the region), what
they may do the rules of ``owners.permissions``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, OuterRef, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.errors import InvalidState
from core.permissions import allowed, require_role, require_standing
from core.text import as_id, join_messages
from core.views import ScopedDetailView, ScopedListView
from projects.models import Project

from . import committee_coverage, committee_members, committee_renewal, committees
from . import forms_committees as f
from .choices_committees import CommitteeState, DocumentKind, MemberRole
from .models import Committee, CommitteeDocument, CommitteeStage

ACTIONS = (
    "owners.prepare_committee",
    "owners.form_group",
    "owners.accept_filing",
    "owners.order_committee",
    "owners.organise_renewal",
    "owners.manage_members",
)
# What the list's "show" filter picks: running stages past their day, by kind.
SHOWS = {
    "overdue_groups": (CommitteeState.APPLIED,),
    "overdue_filings": (CommitteeState.ELECTED, CommitteeState.FILING),
    "renewals": (CommitteeState.RENEWAL_DUE, CommitteeState.RENEWING, CommitteeState.HANDOVER),
}


def _overdue(states):
    today = timezone.localdate()
    return Exists(
        CommitteeStage.objects.filter(
            committee=OuterRef("pk"), ended_at__isnull=True, state__in=states, due_on__lt=today
        )
    )


class CommitteeList(ScopedListView):
    model = Committee
    template_name = "owners/committee_list.html"

    def allowed(self, user):
        return user.is_officer

    def base_queryset(self):
        queryset = Committee.objects.select_related("project__region").order_by("project__code", "-term")
        state, show = self.request.GET.get("state"), self.request.GET.get("show")
        if state in CommitteeState.values:
            queryset = queryset.filter(state=state)
        if show == "renewals":
            return queryset.filter(state__in=SHOWS["renewals"])
        if show in SHOWS:
            return queryset.filter(_overdue(SHOWS[show]))
        return queryset

    def get_context_data(self, **kwargs):
        visible = Committee.objects.visible_to(self.request.user)
        return super().get_context_data(
            **kwargs,
            states=CommitteeState.choices,
            state=self.request.GET.get("state"),
            show=self.request.GET.get("show"),
            coverage=committee_coverage.coverage(self.request.user),
            overdue_groups=visible.filter(_overdue(SHOWS["overdue_groups"])).count(),
            overdue_filings=visible.filter(_overdue(SHOWS["overdue_filings"])).count(),
            renewals=visible.filter(state__in=SHOWS["renewals"]).count(),
        )


class CommitteeDetail(ScopedDetailView):
    model = Committee
    template_name = "owners/committee_detail.html"

    def allowed(self, user):
        return user.is_officer

    def get_context_data(self, **kwargs):
        c = self.object
        forms = {name.replace("-", "_"): form(committee=c) for name, (form, _s) in _STEPS.items() if form is not None}
        return super().get_context_data(
            **kwargs,
            can=allowed(self.request.user, ACTIONS, c.project),
            stages=c.stages.all(),
            members=c.members.select_related("owner"),
            documents=c.documents.all(),
            objections=c.objections.all(),
            events=c.events.select_related("actor"),
            forms=forms,
        )


@login_required
@require_POST
def committee_start(request):
    require_role(request.user, "owners.prepare_committee")
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=as_id(request.POST.get("project")))
    try:
        committee = committees.open_case(project, actor=request.user)
    except (InvalidState, ValidationError) as error:
        messages.error(request, join_messages(error.messages))
        return redirect("owners:roll", project.pk)
    return redirect("owners:committee_detail", committee.pk)


@login_required
@require_POST
def committee_act(request, pk, action):
    committee = get_object_or_404(Committee.objects.visible_to(request.user).select_related("project"), pk=pk)
    if action not in _STEPS:
        return redirect("owners:committee_detail", committee.pk)
    require_standing(request.user, _RULE.get(action, "owners.prepare_committee"), committee.project)
    form_class, step = _STEPS[action]
    try:
        data = {}
        if form_class is not None:
            form = form_class(request.POST, committee=committee)
            if not form.is_valid():
                raise ValidationError([f"{form.fields[k].label}：{join_messages(v)}" for k, v in form.errors.items()])
            data = form.cleaned_data
            data["form"] = form
        result = step(request.user, committee, data)
        if isinstance(result, Committee) and result.pk != committee.pk:
            return redirect("owners:committee_detail", result.pk)
    except (InvalidState, ValidationError) as error:
        messages.error(request, join_messages(error.messages))
    return redirect("owners:committee_detail", committee.pk)


# The rule each step asks first (the business function asks it again); the rest prepare.
_RULE = {
    "group": "owners.form_group",
    "filing": "owners.accept_filing",
    "order-renewal": "owners.order_committee",
    "correction": "owners.order_committee",
    "end-member": "owners.manage_members",
}
_STEPS = {
    "apply": (
        f.ApplyForm,
        lambda u, c, d: committees.apply(
            c, actor=u, received_on=d["received_on"], applicants=d["applicants"], note=d["note"]
        ),
    ),
    "group": (
        f.GroupForm,
        lambda u, c, d: committees.form_group(
            c, actor=u, leader=d["leader"], members=d["form"].members(), formed_on=d["formed_on"]
        ),
    ),
    "document": (
        f.DocumentForm,
        lambda u, c, d: committees.post_document(
            c, actor=u, kind=d["kind"], title=d["title"], reference=d["reference"], posted_on=d["posted_on"]
        ),
    ),
    "objection": (
        f.ObjectionForm,
        lambda u, c, d: committees.receive_objection(
            c, actor=u, name=d["name"], text_=d["text"], received_on=d["received_on"]
        ),
    ),
    "answer": (
        f.AnswerForm,
        lambda u, c, d: committees.answer_objection(
            d["objection"], actor=u, answer=d["answer"], answered_on=d["answered_on"]
        ),
    ),
    "meeting": (f.MeetingForm, lambda u, c, d: committees.hold_first_meeting(c, vote=d["vote"], actor=u)),
    "meeting-failed": (None, lambda u, c, d: committees.meeting_failed(c, actor=u)),
    "election": (
        f.ElectionForm,
        lambda u, c, d: committees.record_election(c, actor=u, members=list(d["members"]), elected_on=d["elected_on"]),
    ),
    "officers": (
        f.OfficersForm,
        lambda u, c, d: committees.elect_officers(
            c, actor=u, chair=d["chair"], vices=list(d["vices"]), met_on=d["met_on"]
        ),
    ),
    "filing": (
        f.FilingForm,
        lambda u, c, d: committees.accept_filing(c, actor=u, filed_on=d["filed_on"], reference=d["reference"]),
    ),
    "order-renewal": (f.ReasonForm, lambda u, c, d: committee_renewal.order_renewal(c, actor=u, reason=d["reason"])),
    "renewal": (None, lambda u, c, d: committee_renewal.start_renewal(c, actor=u)),
    "handover": (
        f.HandoverForm,
        lambda u, c, d: committee_renewal.hand_over(c, actor=u, handed_on=d["handed_on"], inventory=d["inventory"]),
    ),
    "end-member": (
        f.EndMemberForm,
        lambda u, c, d: committee_members.end_member(d["member"], actor=u, reason=d["reason"], note=d["note"]),
    ),
    "correction": (
        f.CorrectionForm,
        lambda u, c, d: committee_members.order_correction(c, actor=u, decision=d["decision"], reason=d["reason"]),
    ),
}


# Members in the order of their offices: the leader or chair, the vice-chairs, the members.
_ROLE_ORDER = Case(
    *(When(role=r, then=Value(n)) for n, r in enumerate((MemberRole.LEADER, MemberRole.CHAIR, MemberRole.VICE))),
    default=Value(9),
)


def public_panel(project) -> dict | None:
    """The project's committee as everyone may see it: its term, members by name and office,
    its filed and posted documents (never owners' phones or ID numbers)."""
    committee = (
        Committee.objects.filter(project=project).exclude(state=CommitteeState.ELIGIBLE).order_by("-term").first()
    )
    if committee is None:
        return None
    return {
        "committee": committee,
        "members": committee.members.filter(ended_on__isnull=True).order_by("body", _ROLE_ORDER, "pk"),
        "documents": CommitteeDocument.objects.filter(committee=committee, public=True).exclude(
            kind=DocumentKind.HANDOVER
        ),
    }
