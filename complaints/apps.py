from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("投诉与工单")
    demo_steps = [(60, "complaints.demo.seed_complaints")]

    def ready(self):
        from core.menu import Entry, register

        from . import refcache

        refcache.connect_signals()
        register(
            Entry(_("投诉工单"), "complaints:list", 10, ("is_staff_side", "is_enterprise_user")),
        )
