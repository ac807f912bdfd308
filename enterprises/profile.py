"""Changes to an enterprise's registered profile: the enterprise asks, a bureau officer decides.

Every action is a plain function that checks who may do it, runs in one transaction with the
rows locked, and leaves an audit record. Views and the API call these.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record
from core.choices import AuditAction
from core.permissions import require
from core.punctuation import join_list

from .choices import ChangeRequestStatus
from .models import ChangeRequestAttachment, Enterprise, ProfileChangeRequest
from .signals import change_request_decided

# What an enterprise may ask to change. Its credit code and registered region are identity:
# those change only through the bureau's own registry edit.
CHANGEABLE_FIELDS = (
    "name",
    "legal_representative",
    "address",
    "phone",
    "founded",
    "staff_count",
    "party_organisation",
    "service_brand",
)


def serialise(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def field_label(name: str) -> str:
    return str(Enterprise._meta.get_field(name).verbose_name)


def display_value(name: str, value) -> str:
    """A stored value as a person reads it (choice labels, empty as “—”)."""
    if value in (None, ""):
        return "—"
    field = Enterprise._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def describe(change: ProfileChangeRequest) -> list[dict]:
    """One row per requested field: label, current value, value before approval, new value."""
    enterprise = change.enterprise
    return [
        {
            "label": field_label(name),
            "current": display_value(name, serialise(getattr(enterprise, name))),
            "before": display_value(name, change.previous.get(name)) if change.previous else None,
            "after": display_value(name, value),
        }
        for name, value in change.changes.items()
    ]


def request_change(enterprise: Enterprise, *, actor, changes: dict, reason: str = "", request=None, attachments=()):
    """File a change request for ``enterprise`` with the fields in ``changes`` (name → value),
    and its supporting documents (``attachments`` checked by ``core.attachments``).

    Only a user of that enterprise may ask. Values are validated against the model now, so an
    officer never approves something that cannot be saved. Unchanged fields are dropped.
    """
    require(actor, "enterprises.request_change", enterprise)
    unknown = set(changes) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise ValidationError(_("以下字段不允许申请变更：%(f)s") % {"f": join_list(sorted(unknown))})
    diff = {
        name: serialise(value)
        for name, value in changes.items()
        if serialise(getattr(enterprise, name)) != serialise(value)
    }
    if not diff:
        raise ValidationError(_("没有任何字段发生变化。"))
    candidate = Enterprise.objects.get(pk=enterprise.pk)
    for name, value in changes.items():
        setattr(candidate, name, value)
    candidate.full_clean(exclude=["certifications"])
    try:
        with transaction.atomic():
            change = ProfileChangeRequest.objects.create(
                enterprise=enterprise, requested_by=actor, changes=diff, reason=reason
            )
            record(
                AuditAction.CHANGE_REQUESTED, request=request, actor=actor, object_repr=enterprise, fields=list(diff)
            )
            ChangeRequestAttachment.store(attachments, change=change, uploaded_by=actor)
    except IntegrityError:
        raise ValidationError(_("已有一份待审核的变更申请，请等待审核结果或先撤回。")) from None
    return change


def _lock_pending(change_id: int) -> ProfileChangeRequest:
    change = ProfileChangeRequest.objects.select_for_update().select_related("enterprise").get(pk=change_id)
    if change.status != ChangeRequestStatus.PENDING:
        raise ValidationError(_("该申请已被处理（%(s)s），请刷新页面。") % {"s": change.get_status_display()})
    return change


def _check_reviewer(actor, change: ProfileChangeRequest) -> None:
    require(actor, "enterprises.review_change", change)


def approve(change: ProfileChangeRequest, *, actor, note: str = "", request=None) -> ProfileChangeRequest:
    """Apply a pending request to the enterprise; keep the values it replaced."""
    _check_reviewer(actor, change)
    with transaction.atomic():
        change = _lock_pending(change.pk)
        enterprise = Enterprise.objects.select_for_update().get(pk=change.enterprise_id)
        previous = {}
        for name, value in change.changes.items():
            previous[name] = serialise(getattr(enterprise, name))
            setattr(enterprise, name, Enterprise._meta.get_field(name).to_python(value))
        enterprise.full_clean(exclude=["certifications"])
        enterprise.save(update_fields=[*change.changes, "updated"])
        change.previous = previous
        change.status = ChangeRequestStatus.APPROVED
        change.reviewed_by = actor
        change.reviewed_at = timezone.now()
        change.review_note = note
        change.save()
        record(AuditAction.CHANGE_APPROVED, request=request, actor=actor, object_repr=enterprise, change=change.pk)
        change_request_decided.send(ProfileChangeRequest, change=change)
    return change


def reject(change: ProfileChangeRequest, *, actor, note: str, request=None) -> ProfileChangeRequest:
    """Refuse a pending request; a reason is required so the enterprise knows what to fix."""
    _check_reviewer(actor, change)
    if not (note or "").strip():
        raise ValidationError(_("驳回时必须填写理由。"))
    with transaction.atomic():
        change = _lock_pending(change.pk)
        change.status = ChangeRequestStatus.REJECTED
        change.reviewed_by = actor
        change.reviewed_at = timezone.now()
        change.review_note = note.strip()
        change.save()
        record(
            AuditAction.CHANGE_REJECTED, request=request, actor=actor, object_repr=change.enterprise, change=change.pk
        )
        change_request_decided.send(ProfileChangeRequest, change=change)
    return change


def withdraw(change: ProfileChangeRequest, *, actor) -> ProfileChangeRequest:
    """The enterprise takes back its own pending request."""
    require(actor, "enterprises.withdraw_change", change)
    with transaction.atomic():
        change = _lock_pending(change.pk)
        change.status = ChangeRequestStatus.WITHDRAWN
        change.save(update_fields=["status"])
    return change
