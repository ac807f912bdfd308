from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("投诉与工单")

    def ready(self):
        from . import refcache

        refcache.connect_signals()

    def seed_demo(self, ctx):
        from .demo import seed_complaints

        seed_complaints(ctx)
