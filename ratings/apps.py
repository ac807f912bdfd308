from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("考核评价")
    demo_steps = [(80, "ratings.demo.seed_ratings")]

    # Scheduled jobs (name → task, crontab, description), installed by core.schedules.
    schedules = {
        # The day after the quarter's self-reports are due (15 days after the quarter ends).
        "ratings-score-last-quarter": (
            "ratings.tasks.score_last_quarter",
            "0 2 16 1,4,7,10 *",
            "每季度自查自评截止次日计算上季度考核得分",
        ),
        "ratings-requeue-stuck-scoring": (
            "ratings.tasks.requeue_stuck_runs",
            "*/10 * * * *",
            "重新排队卡在“计算中”的季度考核（超过 SCORING_STUCK_MINUTES 分钟未完成的分区）",
        ),
        "ratings-sync-credit": (
            "ratings.tasks.sync_credit",
            "20 2 * * *",
            "每日凌晨按红黑榜、有效投诉、整改逾期、约谈更新企业信用记录",
        ),
    }

    def ready(self):
        from django.db.models import Q

        from core import pickers
        from core.menu import Entry, register

        from . import honours

        # Lists and honours are drawn up by the city and its districts: the jurisdictions a user
        # looks at, their own and those above and below it (a district reads the city's list too).
        pickers.register(
            pickers.Picker(
                "jurisdiction",
                queryset=honours.jurisdictions,
                search=lambda term: Q(name__icontains=term) | Q(code__startswith=term),
                label=lambda r: f"{r.parent.name} / {r.name} · {r.code}" if r.parent_id else f"{r.name} · {r.code}",
                keys={"id": "pk", "code": "code"},
                order_by=("level", "path"),
                related=("parent",),
            )
        )

        register(
            # The menu's label: short enough for the English bar at laptop widths.
            Entry(pgettext_lazy("menu", "量化考核"), "ratings:run_list", 15, ("is_staff_side", "is_enterprise_user")),
            Entry(_("街道考核"), "ratings:street_evaluations", 7, ("is_street_officer",), "supervision"),
            Entry(_("评先树优"), "ratings:honour_list", 8, ("is_staff_side",), "supervision"),
        )
        self.register_panels()

    @staticmethod
    def register_panels():
        from core.panels import Panel, register

        # The star, credit grade and lists on the compound's and the enterprise's public pages.
        register(
            Panel("public_project", "ratings/public/project_panel.html", "ratings.standing.project_panel", 10),
            Panel("public_enterprise", "ratings/public/enterprise_panel.html", "ratings.standing.enterprise_panel", 10),
        )
