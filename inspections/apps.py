from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("检查与整改")
    demo_steps = [(70, "inspections.demo.seed_inspections")]

    # Scheduled jobs (name → task, crontab, description), installed by core.schedules.
    schedules = {
        "inspections-overdue-orders": (
            "inspections.tasks.sweep_overdue_orders",
            "5 * * * *",
            "每小时标记逾期未整改的整改单",
        ),
        "inspections-self-report-cycle": (
            "inspections.tasks.self_report_cycle",
            "30 8 * * *",
            "每日上班时：生成上季度自查自评、提醒、标记逾期",
        ),
    }

    def ready(self):
        from core.menu import Entry, register

        staff, enterprise = ("is_staff_side",), ("is_enterprise_user",)
        register(
            # The drawn inspectors' own list, with what waits for them (to inspect, to countersign).
            Entry(
                _("我的检查"),
                "inspections:my_inspections",
                15,
                ("is_officer", "is_inspector"),
                badge="inspections.workflow.waiting_on",
            ),
            Entry(_("双随机抽查"), "inspections:draw_list", 1, staff, "supervision"),
            Entry(_("检查"), "inspections:inspection_list", 2, staff, "supervision"),
            Entry(_("整改台账"), "inspections:order_list", 3, staff, "supervision"),
            Entry(_("约谈"), "inspections:summons_list", 4, staff, "supervision"),
            Entry(_("自查自评"), "inspections:report_list", 5, staff, "supervision"),
            Entry(_("检查标准"), "inspections:standard_list", 6, staff, "supervision"),
            Entry(_("整改"), "inspections:order_list", 20, enterprise),
            Entry(_("自查自评"), "inspections:report_list", 21, enterprise),
            Entry(_("约谈"), "inspections:summons_list", 4, enterprise, "my_enterprise"),
        )
