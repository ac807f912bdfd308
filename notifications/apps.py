from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("消息通知")

    # Scheduled jobs (name → task, crontab, description), installed by core.schedules.
    schedules = {
        "notifications-sweep": (
            "notifications.tasks.sweep_notifications",
            "*/2 * * * *",
            "补发未送达的通知（Redis 中断或投递失败后）",
        ),
        "notifications-sms-receipts": (
            "notifications.tasks.pull_sms_receipts",
            "*/5 * * * *",
            "拉取短信送达回执（阿里云、腾讯云短信网关）",
        ),
    }

    def ready(self):
        from core.menu import Entry, register

        from . import checks, receivers  # noqa: F401  (connect the receivers, register the checks)

        register(Entry(_("消息"), "notifications:inbox", 90, badge="notifications.outbox.unread_count"))
