from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OwnersConfig(AppConfig):
    """Owners' self-governance: the unit roll, owners' sign-in, owners' votes and owners'
    committees (README, owners)."""

    name = "owners"
    verbose_name = _("业主自治")
    demo_steps = [
        (55, "owners.demo.seed_rolls"),
        (56, "owners.demo_votes.seed_votes"),
        (57, "owners.demo_committees.seed_committees"),
    ]

    # Scheduled jobs (name → task, crontab, description), installed by core.schedules.
    schedules = {
        "owners-advance-votes": ("owners.tasks.advance_votes", "*/5 * * * *", "按时开始、截止业主大会表决"),
        "owners-sweep-committees": (
            "owners.tasks.sweep_committees",
            "20 6 * * *",
            "业主委员会：具备成立条件、应换届、委员资格终止、期限提醒",
        ),
    }

    def ready(self):
        from core.menu import Entry
        from core.menu import register as register_menu
        from core.panels import Panel
        from core.panels import register as register_panel

        from . import permissions  # noqa: F401  (registers the rules)

        officers = ("is_officer",)
        register_menu(
            Entry(_("房屋业主名册"), "owners:roll_projects", 6, officers, "supervision"),
            Entry(_("业主大会表决"), "owners:vote_list", 7, officers, "supervision"),
            Entry(_("业主委员会"), "owners:committee_list", 8, officers, "supervision"),
        )
        register_panel(
            Panel("public_project", "owners/public/project_panel.html", "owners.views_public.project_panel", 20),
            Panel("public_project", "owners/public/committee_panel.html", "owners.views_committees.public_panel", 19),
        )
