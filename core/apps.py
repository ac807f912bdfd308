from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The framework layer: scoping, Excel, exports, calendar, photos, menus. No domain."""

    name = "core"
    verbose_name = _("基础框架")
    # The audit log (core.models.AuditEvent) is emptied with the demo data it recorded.
    demo_tables = ["core_auditevent"]

    # Scheduled jobs (name → task, crontab, description), installed by core.schedules.
    schedules = {
        "exports-sweep": (
            "core.tasks.sweep_exports",
            "*/10 * * * *",
            "重新排队待生成的导出、结束卡住的导出、删除过期文件",
        ),
        "held-photos-sweep": (
            "core.tasks.sweep_held_photos",
            "17 * * * *",
            "删除投诉表单提交失败时暂存、已过保留时间的照片",
        ),
    }

    def ready(self):
        from . import calendar, jobs, logs, schedules, strict_numbers
        from .models import CalendarDay

        strict_numbers.install()

        calendar.cache.clear_on_change(CalendarDay)
        post_migrate.connect(calendar.add_shipped_days_after_migrate, sender=self, dispatch_uid="core-shipped-calendar")
        post_migrate.connect(schedules.install_after_migrate, sender=self, dispatch_uid="core-scheduled-jobs")
        jobs.connect()
        logs.connect()
        # Each app's permissions.py declares its write rules (core.permissions.register).
        autodiscover_modules("permissions")
