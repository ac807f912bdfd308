"""The outbox: every message the portal sends (inbox, e-mail, SMS), stored before it is sent."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet

from .choices import MESSAGE_KINDS, NotificationChannel, NotificationStatus, ReceiptStatus
from .texts import message_texts


class NotificationQuerySet(ScopedQuerySet):
    """A user's own messages; administrators see all deliveries (failed ones included)."""

    def scope_for(self, user):
        return Q(recipient=user)


class Notification(models.Model):
    """A message to deliver; the row is written in the same transaction as its cause, so a
    broker outage delays it but never loses it (the relay and the sweeper queue pending rows)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # notification_inbox leads with it
    )
    address = models.CharField(_("地址"), max_length=254, blank=True, help_text=_("手机号或电子邮件"))
    channel = models.CharField(_("方式"), max_length=8, choices=NotificationChannel.choices)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    # What the message is about (a complaint, a self-report, a quarterly score …), if anything.
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("对象类型"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # notifications_target covers it
    )
    target_id = models.PositiveBigIntegerField(_("对象编号"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    status = models.CharField(
        _("状态"), max_length=8, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    # An SMS says what it is and with which values, so that a template gateway sends the
    # approved template and its parameters (SMS_TEMPLATES); an inbox message, so that it reads
    # in the reader's language (``notifications.texts``). ``subject`` and ``body`` are the text
    # rendered in the portal's language when it was stored.
    kind = models.CharField(_("消息类型"), max_length=32, choices=MESSAGE_KINDS, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    # The gateway's rate limit refused it: not relayed again before this time.
    retry_at = models.DateTimeField(_("重试时间"), null=True, blank=True)
    # The gateway's id of the sent message (Alibaba Cloud BizId, Tencent Cloud SerialNo) and the
    # delivery receipt it reported for it (notifications.receipts).
    provider_id = models.CharField(_("网关流水号"), max_length=64, blank=True)
    receipt = models.CharField(_("回执"), max_length=12, choices=ReceiptStatus.choices, blank=True)
    receipt_at = models.DateTimeField(_("回执时间"), null=True, blank=True)
    receipt_note = models.CharField(_("回执说明"), max_length=200, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created"]
        indexes = [
            # Partial: SMS and e-mail to residents have no recipient account.
            models.Index(
                fields=["recipient", "channel", "read_at"],
                name="notifications_inbox",
                condition=Q(recipient__isnull=False),
            ),
            # The sweeper's and the administrators' view of what is not delivered yet: a small
            # partial index instead of one over millions of sent rows.
            models.Index(
                fields=["target_type", "target_id"], name="notifications_target", condition=Q(target_id__isnull=False)
            ),
            models.Index(
                fields=["status", "created"],
                name="notifications_undelivered",
                condition=Q(
                    status__in=[
                        NotificationStatus.PENDING,
                        NotificationStatus.QUEUED,
                        NotificationStatus.SENDING,
                        NotificationStatus.FAILED,
                    ]
                ),
            ),
            # Sent messages whose delivery receipt has not come yet (the receipt pull's rows).
            models.Index(
                fields=["provider_id"],
                name="notifications_awaiting_receipt",
                condition=Q(receipt="") & ~Q(provider_id=""),
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def subject_text(self) -> str:
        """The subject in the reader's language (the stored one for a message without a kind)."""
        return message_texts(self)[0]

    @property
    def body_text(self) -> str:
        return message_texts(self)[1]
