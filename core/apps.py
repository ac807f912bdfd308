from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The framework layer: scoping, Excel, exports, calendar, photos, menus. No domain."""

    name = "core"
    verbose_name = _("基础框架")

    def ready(self):
        from . import calendar, jobs, logs, strict_numbers
        from .models import CalendarDay

        strict_numbers.install()

        calendar.cache.clear_on_change(CalendarDay)
        post_migrate.connect(calendar.add_shipped_days_after_migrate, sender=self, dispatch_uid="core-shipped-calendar")
        jobs.connect()
        logs.connect()
        # Each app's permissions.py declares its write rules (core.permissions.register).
        autodiscover_modules("permissions")
