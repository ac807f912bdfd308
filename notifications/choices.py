from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationChannel(models.TextChoices):
    INBOX = "inbox", _("站内消息")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    QUEUED = "queued", _("已排队")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    # The gateway refused the message for good (template not approved, number invalid …):
    # not retried; an administrator fixes the cause and sends it again from the admin.
    REJECTED = "rejected", _("被拒绝")


class SmsKind(models.TextChoices):
    """What an SMS says. A template gateway (Alibaba Cloud, Tencent Cloud) sends only templates
    approved in advance: each kind has its template code and named parameters in
    ``SMS_TEMPLATES``; the free-text backends send the text rendered when it was stored."""

    COMPLAINT_SUBMITTED = "complaint_submitted", _("投诉已提交（查询码）")
    COMPLAINT_REJECTED = "complaint_rejected", _("投诉不予受理")
    COMPLAINT_ANSWERED = "complaint_answered", _("投诉已答复（评价链接）")
    MERGED_ANSWERED = "merged_answered", _("合并投诉已答复")
    COMPLAINT_CLOSED = "complaint_closed", _("投诉已办结")
    OWNER_SIGN_IN_CODE = "owner_sign_in_code", _("业主登录验证码")
    VOTE_NOTICE = "vote_notice", _("业主大会表决公告")


class InboxKind(models.TextChoices):
    """What an in-portal message says: stored with its parameters and read in the reader's
    language (``notifications.texts``), whatever language the page that caused it was in."""

    WORK_ORDER_ASSIGNED = "work_order_assigned", _("新派工单")
    WORK_ORDER_SENT_BACK = "work_order_sent_back", _("工单被退回重办")
    WORK_ORDER_UNSATISFIED = "work_order_unsatisfied", _("居民不满意，已重新办理")
    WORK_ORDER_REOPENED = "work_order_reopened", _("居民反映问题未解决，已重新办理")
    WORK_ORDER_OVERDUE = "work_order_overdue", _("超期督办")
    SELF_REPORTS_DUE = "self_reports_due", _("自查自评即将到期")
    CHANGE_APPROVED = "change_approved", _("企业信息变更申请已通过")
    CHANGE_REJECTED = "change_rejected", _("企业信息变更申请被驳回")


# A message's kind: an SMS's template or an inbox message's text.
MESSAGE_KINDS = [*SmsKind.choices, *InboxKind.choices]


class ReceiptStatus(models.TextChoices):
    """The delivery receipt the gateway reports for a sent SMS."""

    DELIVERED = "delivered", _("已送达")
    UNDELIVERED = "undelivered", _("未送达")
    # No receipt came within SMS_RECEIPT_WINDOW_HOURS: the gateway is no longer asked.
    UNKNOWN = "unknown", _("无回执")


# The named parameters each kind of SMS carries (``Notification.params``): what a template's
# variables may use (SMS_TEMPLATES names them in the template's order).
SMS_PARAMETERS = {
    SmsKind.COMPLAINT_SUBMITTED: ("code",),  # the tracking code (查询码)
    SmsKind.COMPLAINT_REJECTED: ("code", "reason"),
    # link: the whole rating link; token: its last part, for a template that holds the address
    # itself (Tencent Cloud refuses links in parameters).
    SmsKind.COMPLAINT_ANSWERED: ("code", "link", "token"),
    SmsKind.MERGED_ANSWERED: ("code",),
    SmsKind.COMPLAINT_CLOSED: ("code",),
    SmsKind.OWNER_SIGN_IN_CODE: ("code", "minutes"),
    SmsKind.VOTE_NOTICE: ("project", "title", "opens", "closes"),
}
