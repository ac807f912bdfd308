"""The workflow actions on one complaint, one entry each, for the page and the API alike.

An entry names the permission rule asked first (:mod:`complaints.permissions`), how the page's
form gives the action's arguments, the API's body giving the same arguments (``None``: the page
only), and the transition of :mod:`complaints.workflow` they go to. The page
(``complaints.views.act``) and the API (``ComplaintViewSet``) both dispatch through
:data:`ACTIONS`; a new action is one entry here.

:meth:`Action.perform` asks the rule before it looks up what the arguments name (an assignee,
the main complaint of a merge), in the actor's scope: 404 for anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.models import Department
from core.api import NoteSerializer
from core.permissions import require
from core.text import NOTE_MAX, TEXT_MAX, as_id, bounded
from enterprises.models import Enterprise
from regions.models import Region

from . import workflow
from .choices import AssigneeKind, Outcome
from .forms import AnswerForm, CloseForm
from .models import Complaint


@dataclass(frozen=True)
class Action:
    """One workflow action: who may take it, its inputs on the page and in the API, what it does."""

    permission: str
    transition: Callable[[Complaint, object, dict], Complaint]
    page: Callable[[HttpRequest], dict]
    body: type[serializers.Serializer] | None = None

    def perform(self, complaint: Complaint, actor, arguments: dict) -> Complaint:
        """Take the action: the rule first, then the transition (which checks it again, locked)."""
        require(actor, self.permission, complaint)
        return self.transition(complaint, actor, arguments)


# --- the API's bodies ------------------------------------------------------------------------------
def note_field():
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX)


def id_field():
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=NOTE_MAX)


class AssignSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["enterprise", "region", "department"])
    target = id_field()
    note = note_field()


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX)


class CloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices, default=Outcome.RESOLVED)
    remit_body = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    remit_contact = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    note = note_field()


class SubstantiateSerializer(serializers.Serializer):
    value = serializers.BooleanField()
    note = note_field()


class MergeSerializer(serializers.Serializer):
    into = id_field()
    note = note_field()


# --- the page's forms --------------------------------------------------------------------------------
def _note(request) -> dict:
    return {"note": bounded(request.POST.get("note", ""))}


def _reason(request) -> dict:
    """The page asks for the reason in its note field."""
    return {"reason": _note(request)["note"]}


def _nothing(request) -> dict:
    return {}


def _assignee(request) -> dict:
    kind = request.POST.get("kind")
    if kind not in (AssigneeKind.ENTERPRISE, AssigneeKind.REGION):  # a department: through "route"
        raise ValidationError(_("请选择承办单位。"))
    return {"kind": kind, "target": as_id(request.POST.get("target")), **_note(request)}


def _substantiated(request) -> dict:
    return {"value": request.POST.get("value") == "true", **_note(request)}


def _merge_into(request) -> dict:
    return {"into": as_id(request.POST.get("into")), **_note(request)}


def _form(form_class):
    """The page's arguments from a bound form: its cleaned data, or every error refused at once."""

    def arguments(request) -> dict:
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        return form.cleaned_data

    return arguments


# --- the transitions, with what their arguments name -------------------------------------------------
ASSIGNEES = {AssigneeKind.ENTERPRISE: Enterprise, AssigneeKind.REGION: Region, AssigneeKind.DEPARTMENT: Department}


def _assign(complaint, actor, a):
    target = get_object_or_404(ASSIGNEES[a["kind"]].objects.visible_to(actor), pk=a["target"])
    return workflow.assign(complaint, actor=actor, to=target, note=a["note"])


def _route(complaint, actor, a):
    """Accept if needed and assign to the department the category belongs to."""
    department = workflow.route_department(complaint)
    if department is None:
        raise ValidationError(_("该类别没有对应的主管部门。"))
    return workflow.accept_and_assign(complaint, actor=actor, to=department, note=a["note"])


def _merge(complaint, actor, a):
    into = get_object_or_404(Complaint.objects.visible_to(actor), pk=a["into"])
    return workflow.merge(complaint, into=into, actor=actor, note=a["note"])


ACTIONS: dict[str, Action] = {
    "accept": Action(
        permission="complaints.accept",
        transition=lambda c, u, a: workflow.accept(c, actor=u, note=a["note"]),
        page=_note,
        body=NoteSerializer,
    ),
    "reject": Action(
        permission="complaints.reject",
        transition=lambda c, u, a: workflow.reject(c, actor=u, reason=a["reason"]),
        page=_reason,
        body=ReasonSerializer,
    ),
    "assign": Action(
        permission="complaints.assign",
        transition=_assign,
        page=_assignee,
        body=AssignSerializer,
    ),
    "route": Action(
        permission="complaints.assign",
        transition=_route,
        page=_note,
    ),
    "sign": Action(
        permission="complaints.sign",
        transition=lambda c, u, a: workflow.sign(c, actor=u),
        page=_nothing,
        body=NoteSerializer,
    ),
    "start": Action(
        permission="complaints.start",
        transition=lambda c, u, a: workflow.start(c, actor=u, note=a["note"]),
        page=_note,
        body=NoteSerializer,
    ),
    "answer": Action(
        permission="complaints.answer",
        transition=lambda c, u, a: workflow.answer(c, actor=u, text=a["text"], images=a.get("photos", ())),
        page=_form(AnswerForm),
        body=AnswerSerializer,
    ),
    "send_back": Action(
        permission="complaints.send_back",
        transition=lambda c, u, a: workflow.send_back(c, actor=u, reason=a["reason"]),
        page=_reason,
        body=ReasonSerializer,
    ),
    "close": Action(
        permission="complaints.close",
        transition=lambda c, u, a: workflow.close(c, actor=u, **a),
        page=_form(CloseForm),
        body=CloseSerializer,
    ),
    "substantiate": Action(
        permission="complaints.substantiate",
        transition=lambda c, u, a: workflow.set_substantiated(c, actor=u, substantiated=a["value"], note=a["note"]),
        page=_substantiated,
        body=SubstantiateSerializer,
    ),
    "merge": Action(
        permission="complaints.merge",
        transition=_merge,
        page=_merge_into,
        body=MergeSerializer,
    ),
}

# The actions the API offers (its bodies' serializers), in the table's order.
API_ACTIONS = {name: action for name, action in ACTIONS.items() if action.body is not None}
