from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("考核评价")
    demo_steps = [(80, "ratings.demo.seed_ratings")]

    def ready(self):
        from core.menu import Entry, register

        register(
            Entry(_("量化考核"), "ratings:run_list", 15, ("is_staff_side", "is_enterprise_user")),
            Entry(_("街道考核"), "ratings:street_evaluations", 7, ("is_street_officer",), "supervision"),
            Entry(_("评先树优"), "ratings:honour_list", 8, ("is_staff_side",), "supervision"),
        )
