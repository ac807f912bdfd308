from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OwnersConfig(AppConfig):
    """Owners' self-governance: the unit roll, owners' sign-in and owners' votes (README, owners)."""

    name = "owners"
    verbose_name = _("业主自治")
    demo_steps = [(55, "owners.demo.seed_rolls")]

    # Scheduled jobs (name → task, crontab, description), installed by core.schedules.
    schedules = {
        "owners-advance-votes": ("owners.tasks.advance_votes", "*/5 * * * *", "按时开始、截止业主大会表决"),
    }

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
