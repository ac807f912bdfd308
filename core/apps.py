from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The framework layer: scoping, Excel, exports, calendar, photos, menus. No domain."""

    name = "core"
    verbose_name = _("基础框架")

    def ready(self):
        from . import calendar, jobs, logs
        from .models import CalendarDay

        calendar.cache.clear_on_change(CalendarDay)
        jobs.connect()
        logs.connect()
