from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("统计与看板")
    demo_steps = [(90, "dashboards.demo.seed_statistics")]

    def ready(self):
        from core.menu import Entry, register

        register(
            Entry(_("数据看板"), "dashboards:dashboard", 5, ("is_staff_side",)),
            Entry(_("数据看板"), "dashboards:enterprise", 5, ("is_enterprise_user",)),
            Entry(_("每周简报"), "dashboards:bulletin_list", 8, ("is_staff_side",), "supervision"),
            Entry(_("区县街道考核排名"), "dashboards:league", 9, ("is_staff_side",), "supervision"),
        )
