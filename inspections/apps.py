from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("检查与整改")

    def seed_demo(self, ctx):
        from .demo import seed_inspections

        seed_inspections(ctx)
