"""Whom a complaint's changes are told to, and how: the assignee's and the supervising officers'
inboxes, the resident's SMS. Written in the transaction of the change (the outbox)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from notifications import outbox
from notifications.choices import InboxKind, NotificationChannel, SmsKind
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


def inbox(users, complaint, kind: InboxKind, **params) -> None:
    """Tell ``users`` about the complaint: a message of ``kind`` naming its work order."""
    outbox.tell(users, kind, target=complaint, no=complaint.work_order_no, **params)


# The resident's SMS by kind: the text the free-text backends send, filled from the SMS's
# parameters. A template gateway sends the kind's approved template with the same parameters
# (SMS_TEMPLATES; the parameters of each kind: notifications.choices.SMS_PARAMETERS).
SMS_TEXTS = {
    SmsKind.COMPLAINT_SUBMITTED: gettext_lazy("您的投诉已提交，查询码 %(code)s，可凭查询码和手机号后四位查询进展。"),
    SmsKind.COMPLAINT_REJECTED: gettext_lazy("您的投诉（%(code)s）不予受理：%(reason)s"),
    SmsKind.COMPLAINT_ANSWERED: gettext_lazy("您的投诉（%(code)s）已答复。请查看答复并评价：%(link)s"),
    SmsKind.MERGED_ANSWERED: gettext_lazy("您的投诉（%(code)s）已答复，请凭查询码查看。"),
    SmsKind.COMPLAINT_CLOSED: gettext_lazy("您的投诉（%(code)s）已办结，可凭查询码查看办理结果。"),
}


def sms(complaint: Complaint, kind: SmsKind, **params) -> None:
    outbox.create(**sms_fields(complaint, kind, **params))


def sms_fields(complaint: Complaint, kind: SmsKind, **params) -> dict:
    """The resident's SMS of ``kind`` about the complaint: its tracking code (``code``) and
    ``params``, and the text they make, in the portal's language (whatever page the officer
    acting has open: the templates approved at the gateway are in it too)."""
    params = {"code": complaint.tracking_code, **params}
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _("投诉进展"), str(SMS_TEXTS[kind]) % params
    return {
        "channel": NotificationChannel.SMS,
        "address": complaint.complainant_phone,
        "subject": subject,
        "body": body,
        "target": complaint,
        "kind": kind,
        "params": params,
    }


def officer_regions(complaint: Complaint):
    """The complaint's region and its ancestors up to the district: who supervises it."""
    return Region.objects.on_path(complaint.region_path).filter(level__gte=RegionLevel.DISTRICT)
