from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("统计与看板")
    demo_steps = [(90, "dashboards.demo.seed_statistics")]

    # Scheduled jobs (name → task, crontab, description), installed by core.schedules.
    schedules = {
        "statistics-rollup": (
            "dashboards.tasks.rollup_statistics",
            "*/5 * * * *",
            "汇总投诉统计（只处理上次汇总以来变化的投诉）",
        ),
        "dashboards-weekly-bulletin": (
            "dashboards.tasks.weekly_bulletins",
            "0 8 * * 1",
            "每周一 8:00 生成上周全市及各区县简报（草稿）",
        ),
        "dashboards-open-data": (
            "dashboards.tasks.refresh_open_data",
            "40 3 * * *",
            "每日凌晨重新生成开放数据文件",
        ),
    }

    def ready(self):
        from core.menu import Entry, register

        register(
            Entry(_("数据看板"), "dashboards:dashboard", 5, ("is_staff_side",)),
            Entry(_("数据看板"), "dashboards:enterprise", 5, ("is_enterprise_user",)),
            Entry(_("每周简报"), "dashboards:bulletin_list", 8, ("is_staff_side",), "supervision"),
            Entry(_("区县街道考核排名"), "dashboards:league", 9, ("is_staff_side",), "supervision"),
        )
