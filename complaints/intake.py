"""Complaints pushed by other systems (12345 hotline, Open311 clients): one validation, one
idempotent entry point."""

from __future__ import annotations

from django import forms
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.xlsx import parse_choice
from projects.models import Project

from . import refcache, workflow
from .choices import Urgency
from .models import Complaint
from .validation import clean_description, mobile_validator


class ExternalComplaintForm(forms.Form):
    """What an external system sends. The project is named by code, id or an address that
    matches exactly one project; the category by code or Chinese name."""

    project_code = forms.CharField(required=False, max_length=32)
    project_id = forms.IntegerField(required=False)
    address = forms.CharField(required=False, max_length=200)
    category = forms.CharField(max_length=50, label=gettext_lazy("类别"))
    description = forms.CharField(label=gettext_lazy("诉求内容"))
    urgency = forms.CharField(required=False)
    phone = forms.CharField(max_length=11, validators=[mobile_validator], label=gettext_lazy("联系电话"))
    name = forms.CharField(required=False, max_length=50)

    def clean_category(self):
        value = self.cleaned_data["category"].strip()
        category = refcache.categories.get().get(value)
        if category is None:
            raise forms.ValidationError(_("未知的类别“%(c)s”。") % {"c": value})
        return category

    def clean_description(self):
        return clean_description(self.cleaned_data["description"])

    def clean_urgency(self):
        value = parse_choice(Urgency, self.cleaned_data.get("urgency"), default=Urgency.NORMAL)
        if value not in Urgency.values:
            raise forms.ValidationError(_("紧急程度应为 normal/urgent（一般/紧急）。"))
        return value

    def clean(self):
        data = super().clean()
        projects = Project.objects.select_related("region")
        if data.get("project_id") or data.get("project_code"):
            project = Project.objects.for_intake(pk=data.get("project_id"), code=data.get("project_code"))
            found = [project] if project else []
        elif data.get("address"):
            found = list(projects.filter(address=data["address"].strip())[:2]) or list(
                projects.search(data["address"])[:2]
            )
        else:
            raise forms.ValidationError(_("请提供项目编号、项目 ID 或地址。"))
        if len(found) != 1:
            raise forms.ValidationError(
                _("地址无法唯一确定小区，请提供项目编号。") if found else _("找不到对应的小区或项目。"), code="project"
            )
        data["project"] = found[0]
        return data


class _SharedFields(dict):
    """A form's fields shared by all its instances. Django deep-copies every field and widget
    for each form instance, so that one instance may change its fields; this form never does
    (it is never rendered, nothing edits its fields) and is built for every pushed ticket, where
    the copying was a good part of the cost."""

    def __deepcopy__(self, memo):
        return dict(self)


ExternalComplaintForm.base_fields = _SharedFields(ExternalComplaintForm.base_fields)


def existing(channel: str, external_id: str | None) -> Complaint | None:
    if not external_id:
        return None
    try:  # .get(), not .first(): no ORDER BY, so the unique (channel, external_id) index answers
        return Complaint.objects.get(channel=channel, external_id=external_id)
    except Complaint.DoesNotExist:
        return None


def receive(data: dict, *, client, channel: str, external_id: str | None = None, checked: bool = False):
    """Create a complaint from validated ``ExternalComplaintForm`` data; idempotent on
    ``(channel, external_id)``: a repeated push returns ``(the existing complaint, False)``.
    ``checked`` says the caller looked for an existing one already."""
    if not checked:
        found = existing(channel, external_id)
        if found is not None:
            return found, False
    complaint = Complaint(
        channel=channel,
        external_id=external_id or None,
        project=data["project"],
        category=data["category"],
        description=data["description"].strip(),
        urgency=data["urgency"],
        complainant_name=data.get("name") or "",
        complainant_phone=data["phone"],
        source_client=client,
    )
    try:
        workflow.submit(complaint, actor_label=client.name)  # one transaction of its own
    except IntegrityError:
        # The ticket is stored already (a re-push, or two pushes at once): return that one.
        found = existing(channel, external_id)
        if found is None:
            raise
        return found, False
    return complaint, True
