"""Forms of the committee pages: one per step, the choices limited to the project's owners, the
committee's members and the project's votes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, PastDateField, PlainIntegerField, bootstrapify
from core.text import NOTE_MAX

from .choices import VoteStatus
from .choices_committees import DocumentKind, MemberBody, MemberEnd
from .importing import no_formula
from .models import Owner, Vote

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label):
    """The day a step was taken: today or earlier (a step is recorded after it happened)."""
    return PastDateField(label=label, widget=DATE)


def _text(label, limit=NOTE_MAX, rows=2, required=True):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        validators=[no_formula],
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
    )


class Form(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        if committee is not None:
            self.limit(committee)
        bootstrapify(self)

    def limit(self, committee):
        pass


def _owners(committee):
    return Owner.objects.filter(project=committee.project).order_by("name", "pk")


class ApplyForm(Form):
    received_on = _date(_("收到申请日期"))
    applicants = PlainIntegerField(label=_("申请业主人数"), min_value=1, max_value=1_000_000)
    note = _text(_("说明"), required=False)


class GroupForm(Form):
    formed_on = _date(_("成立日期"))
    leader = forms.CharField(label=_("组长（街道代表）"), max_length=100, validators=[no_formula])
    owners = forms.ModelMultipleChoiceField(label=_("业主代表"), queryset=Owner.objects.none())
    others = _text(_("其他成员（每行一人：姓名，所在单位）"), required=False, rows=3)

    def limit(self, committee):
        self.fields["owners"].queryset = _owners(committee)

    def members(self):
        rows = [(o.name, o, "") for o in self.cleaned_data["owners"]]
        for line in (self.cleaned_data["others"] or "").splitlines():
            name, _sep, affiliation = line.replace("，", ",").partition(",")
            if name.strip():
                rows.append((name.strip()[:100], None, affiliation.strip()[:100]))
        return rows


class DocumentForm(Form):
    kind = forms.ChoiceField(label=_("类别"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200, validators=[no_formula])
    reference = forms.CharField(label=_("文号或说明"), max_length=200, required=False, validators=[no_formula])
    posted_on = _date(_("公示或报送日期"))


class ObjectionForm(Form):
    name = forms.CharField(label=_("异议人"), max_length=100, validators=[no_formula])
    text = _text(_("异议内容"))
    received_on = _date(_("收到日期"))


class AnswerForm(Form):
    objection = forms.ModelChoiceField(label=_("异议"), queryset=None)
    answer = _text(_("答复"))
    answered_on = _date(_("答复日期"))

    def limit(self, committee):
        self.fields["objection"].queryset = committee.objections.filter(answered_on__isnull=True)


class MeetingForm(Form):
    vote = forms.ModelChoiceField(label=_("业主大会表决"), queryset=Vote.objects.none())

    def limit(self, committee):
        self.fields["vote"].queryset = Vote.objects.filter(project=committee.project).exclude(
            status__in=[VoteStatus.DRAFT, VoteStatus.SUSPENDED]
        )


class ElectionForm(Form):
    elected_on = _date(_("选举日期"))
    members = forms.ModelMultipleChoiceField(label=_("当选委员"), queryset=Owner.objects.none())

    def limit(self, committee):
        self.fields["members"].queryset = _owners(committee)


class OfficersForm(Form):
    met_on = _date(_("业主委员会首次会议日期"))
    chair = forms.ModelChoiceField(label=_("主任"), queryset=None)
    vices = forms.ModelMultipleChoiceField(label=_("副主任"), queryset=None, required=False)

    def limit(self, committee):
        sitting = committee.members.filter(body=MemberBody.COMMITTEE, ended_on__isnull=True)
        self.fields["chair"].queryset = sitting
        self.fields["vices"].queryset = sitting


class FilingForm(Form):
    filed_on = _date(_("备案日期"))
    reference = forms.CharField(label=_("备案文号"), max_length=200, validators=[no_formula])


class ReasonForm(Form):
    reason = _text(_("理由"))


class CorrectionForm(Form):
    decision = forms.CharField(label=_("须改正的决定"), max_length=200, validators=[no_formula])
    reason = _text(_("理由"))


class HandoverForm(Form):
    handed_on = _date(_("移交日期"))
    inventory = _text(_("移交清单（档案、印章、财物）"), rows=3)


class EndMemberForm(Form):
    member = forms.ModelChoiceField(label=_("委员"), queryset=None)
    reason = forms.ChoiceField(label=_("终止原因"), choices=MemberEnd.choices)
    note = forms.CharField(
        label=_("说明（业主大会决定须注明）"), max_length=200, required=False, validators=[no_formula]
    )

    def limit(self, committee):
        self.fields["member"].queryset = committee.members.filter(body=MemberBody.COMMITTEE, ended_on__isnull=True)
