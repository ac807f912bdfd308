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
