"""Whom a complaint's changes are told to, and how: the assignee's and the supervising officers'
inboxes, the resident's SMS. Written in the transaction of the change (the outbox)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import User
from notifications import outbox
from notifications.choices import NotificationChannel
from regions.choices import RegionLevel
from regions.models import Region

from .choices import AssigneeKind
from .models import Complaint


def recipients_of_assignee(complaint: Complaint):
    if complaint.assignee_kind == AssigneeKind.ENTERPRISE:
        return User.objects.filter(enterprise_id=complaint.assignee_enterprise_id, is_active=True)
    if complaint.assignee_kind == AssigneeKind.DEPARTMENT:
        return User.objects.filter(department_id=complaint.assignee_department_id, is_active=True)
    if complaint.assignee_kind == AssigneeKind.REGION:
        return User.objects.filter(region_id=complaint.assignee_region_id, is_active=True)
    return User.objects.none()


def inbox(users, complaint, subject, body) -> None:
    for user in users:
        outbox.create(channel=NotificationChannel.INBOX, recipient=user, subject=subject, body=body, target=complaint)


def sms(complaint: Complaint, body: str) -> None:
    outbox.create(**sms_fields(complaint, body))


def sms_fields(complaint: Complaint, body: str) -> dict:
    return {
        "channel": NotificationChannel.SMS,
        "address": complaint.complainant_phone,
        "subject": _("投诉进展"),
        "body": body,
        "target": complaint,
    }


def officer_regions(complaint: Complaint):
    """The complaint's region and its ancestors up to the district: who supervises it."""
    return Region.objects.on_path(complaint.region_path).filter(level__gte=RegionLevel.DISTRICT)
