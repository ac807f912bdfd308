"""The resident's tracking code shown to staff: only on request, only to bureau officers, and
every look is recorded in the audit log (the full phone number is ``workflow.reveal_phone``)."""

from __future__ import annotations

from core.audit import record
from core.choices import AuditAction
from core.permissions import require

from .models import Complaint


def reveal_tracking_code(complaint: Complaint, *, actor, request=None) -> str:
    """The tracking code, for a bureau officer handling the complaint; recorded each time."""
    require(actor, "complaints.reveal_tracking_code", complaint)
    record(
        AuditAction.TRACKING_CODE_VIEWED,
        request=request,
        actor=actor,
        object_repr=complaint.work_order_no,
        complaint=complaint.pk,
    )
    return complaint.tracking_code
