from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    """Maintenance funds (住宅专项维修资金) and public revenue (公共收益) (README, funds)."""

    name = "funds"
    verbose_name = _("维修资金与公共收益")
    demo_steps = [(57, "funds.demo.seed_funds")]

    schedules = {
        "funds-settle-revenue": ("funds.tasks.settle_revenue", "15 2 * * *", "公共收益公示期满后转入维修资金"),
    }

    def ready(self):
        from core.menu import Entry
        from core.menu import register as register_menu
        from core.panels import Panel
        from core.panels import register as register_panel
        from owners.signals import owners_changed

        from . import permissions  # noqa: F401  (registers the rules)
        from .transfers import follow_the_roll

        owners_changed.connect(follow_the_roll, dispatch_uid="funds.follow_the_roll")

        register_menu(Entry(_("维修资金"), "funds:projects", 8, ("is_officer",), "supervision"))
        register_panel(
            Panel("public_project", "funds/public/project_panel.html", "funds.views_public.project_panel", 30),
            Panel("owner_me", "funds/owner/me_panel.html", "funds.views_owner.me_panel", 30),
        )
