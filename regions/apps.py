from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """The administrative region tree: the bottom of the domain layers (see README, Architecture)."""

    name = "regions"
    verbose_name = _("行政区域")
    demo_steps = [(10, "regions.demo.seed_regions")]
    demo_tables = ["regions_region"]

    def ready(self):
        from django.db.models import Q

        from core.pickers import Picker, register

        from .models import Region

        register(
            Picker(
                "region",
                queryset=Region.objects.visible_to,
                search=lambda term: Q(name__icontains=term) | Q(code__startswith=term),
                label=lambda r: f"{r.parent.name} / {r.name} · {r.code}" if r.parent_id else f"{r.name} · {r.code}",
                keys={"id": "pk", "code": "code"},
                order_by=("level", "path"),
                related=("parent",),
                params={"level": "level", "max_level": "level__lte", "min_level": "level__gte"},
            )
        )
