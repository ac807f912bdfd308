from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("投诉与工单")
    demo_steps = [(60, "complaints.demo.seed_complaints")]

    # Scheduled jobs (name → task, crontab, description), installed by core.schedules.
    schedules = {
        "complaints-sweep-overdue": (
            "complaints.tasks.sweep_overdue",
            "*/10 * * * *",
            "标记并上报超期投诉（SLA 以工作时计，需及时发现）",
        ),
        "complaints-auto-close": (
            "complaints.tasks.auto_close_without_feedback",
            "30 1 * * *",
            "每日凌晨关闭超过评价期限未评价的投诉",
        ),
    }

    def ready(self):
        from core.menu import Entry, register

        from . import refcache

        refcache.connect_signals()
        register(
            Entry(_("投诉工单"), "complaints:list", 10, ("is_staff_side", "is_enterprise_user")),
        )
