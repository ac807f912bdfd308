"""Limits on what other systems push, on top of the intake form (complaints.intake).

A pushed value must never reach the database in a form PostgreSQL refuses (a project id beyond
``bigint``, a ticket number longer than its column, control characters): each is a 400 with a
Chinese message instead of a 500.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import clean_strings

from .intake import ExternalComplaintForm, _SharedFields

BIGINT_MAX = 2**63 - 1
TICKET_MAX = 64  # Complaint.external_id
OUT_OF_RANGE = gettext_lazy("项目 ID 超出范围。")


class CheckedExternalComplaintForm(ExternalComplaintForm):
    """:class:`ExternalComplaintForm` with bounded numbers and lengths, and its text values
    stripped of control characters before validation."""

    project_id = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=BIGINT_MAX,
        label=gettext_lazy("项目 ID"),
        error_messages={"max_value": OUT_OF_RANGE, "min_value": OUT_OF_RANGE},
    )
    urgency = forms.CharField(required=False, max_length=16, label=gettext_lazy("紧急程度"))

    def __init__(self, data, *args, **kwargs):
        super().__init__(clean_strings(dict(data)), *args, **kwargs)


CheckedExternalComplaintForm.base_fields = _SharedFields(CheckedExternalComplaintForm.base_fields)


def ticket_error(ticket: str) -> str | None:
    """Why a 12345 ticket number cannot be stored (it is too long), or None."""
    if len(ticket) > TICKET_MAX:
        return _("工单编号不能超过 %(n)d 个字符。") % {"n": TICKET_MAX}
    return None
