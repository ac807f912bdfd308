from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    """Where a complaint came in ([S0]: 12345, 市长热线, 信访转办, 来访, 来电 …)."""

    PORTAL = "portal", _("网上投诉")
    HOTLINE_12345 = "12345", _("12345 热线")
    MAYOR_HOTLINE = "mayor", _("市长热线")
    PETITION = "petition", _("信访转办")
    WALK_IN = "walk_in", _("来访")
    PHONE = "phone", _("来电")
    DEPARTMENT = "department", _("部门转办")
    API = "api", _("接口接入")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    MERGED = "merged", _("已合并")
    ASSIGNED = "assigned", _("已派单")
    SIGNED = "signed", _("已签收")
    IN_PROGRESS = "in_progress", _("处理中")
    ANSWERED = "answered", _("已答复")
    REOPENED = "reopened", _("重新办理")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = frozenset(
    {Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED, Status.SIGNED, Status.IN_PROGRESS, Status.REOPENED}
)
FINAL_STATUSES = frozenset({Status.REJECTED, Status.MERGED, Status.CLOSED})


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class AssigneeKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("物业服务企业")
    REGION = "region", _("街道/社区")
    DEPARTMENT = "department", _("相关部门")


class Feedback(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Stage(models.TextChoices):
    """The stages that have a deadline (SLA)."""

    ACCEPT = "accept", _("受理")
    SIGN = "sign", _("签收")
    ANSWER = "answer", _("答复")


class Party(models.TextChoices):
    """Who is answerable for a stage: the bureau for acceptance, the assignee for signing and
    answering. The enterprise is judged on its own stages only."""

    BUREAU = "bureau", _("住建部门")
    ENTERPRISE = "enterprise", _("物业服务企业")
    REGION = "region", _("街道/社区")
    DEPARTMENT = "department", _("相关部门")


class EventType(models.TextChoices):
    """What happened to a complaint. The labels have a context of their own: the same Chinese
    words are the buttons that do it (办结 "Close" / "Closed", 提交投诉 "Submit complaint" /
    "Submitted")."""

    SUBMITTED = "submitted", pgettext_lazy("complaint event", "提交投诉")
    ACCEPTED = "accepted", pgettext_lazy("complaint event", "受理")
    REJECTED = "rejected", pgettext_lazy("complaint event", "不予受理")
    MERGED = "merged", pgettext_lazy("complaint event", "合并")
    ASSIGNED = "assigned", pgettext_lazy("complaint event", "派单")
    SIGNED = "signed", pgettext_lazy("complaint event", "签收")
    STARTED = "started", pgettext_lazy("complaint event", "开始处理")
    ANSWERED = "answered", pgettext_lazy("complaint event", "答复")
    SENT_BACK = "sent_back", pgettext_lazy("complaint event", "退回重办")
    FEEDBACK = "feedback", pgettext_lazy("complaint event", "居民评价")
    REOPENED = "reopened", pgettext_lazy("complaint event", "重新办理")
    CLOSED = "closed", pgettext_lazy("complaint event", "办结")
    AUTO_CLOSED = "auto_closed", pgettext_lazy("complaint event", "超期未评价自动办结")
    SUPPLEMENTED = "supplemented", pgettext_lazy("complaint event", "居民补充")
    SUBSTANTIATED = "substantiated", pgettext_lazy("complaint event", "认定属实情况")
    OVERDUE = "overdue", pgettext_lazy("complaint event", "超期")
    ESCALATED = "escalated", pgettext_lazy("complaint event", "超期升级督办")
    PHONE_REVEALED = "phone_revealed", pgettext_lazy("complaint event", "查看完整手机号")


# The line each kind of event reads as, filled from the event's ``params`` when it is shown (in
# the reader's language): stored events keep codes and names, never a sentence in one language.
EVENT_TEXTS = {
    EventType.MERGED: _("与同一问题的工单 %(no)s 合并办理。"),
    EventType.ASSIGNED: _("已转交 %(who)s 办理。"),
    EventType.FEEDBACK: _("评价：%(rating)s"),
    EventType.CLOSED: _("办理结果：%(outcome)s"),
    EventType.AUTO_CLOSED: _("%(days)d 天内未评价，系统自动办结。"),
    EventType.REOPENED: _("居民反映问题未解决，重新办理。"),
    EventType.SUBSTANTIATED: _("认定：%(substantiated)s"),
    EventType.OVERDUE: _("%(stage)s环节已超过时限 %(due)s"),
    EventType.ESCALATED: _("升级至 %(region)s 督办"),
}


# What the resident's timeline shows; the rest is internal.
PUBLIC_EVENTS = frozenset(
    {
        EventType.SUBMITTED,
        EventType.ACCEPTED,
        EventType.REJECTED,
        EventType.MERGED,
        EventType.ASSIGNED,
        EventType.SIGNED,
        EventType.STARTED,
        EventType.ANSWERED,
        EventType.FEEDBACK,
        EventType.REOPENED,
        EventType.CLOSED,
        EventType.AUTO_CLOSED,
        EventType.SUPPLEMENTED,
    }
)


class Outcome(models.TextChoices):
    """What closing a complaint found, shown to the resident."""

    RESOLVED = "resolved", _("问题已解决")
    NOT_SUBSTANTIATED = "not_substantiated", _("经核查反映情况不属实")
    OUT_OF_REMIT = "out_of_remit", _("不属于住建部门职责")


class AttachmentKind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉照片")
    SUPPLEMENT = "supplement", _("补充照片")
    ANSWER = "answer", _("答复照片")
