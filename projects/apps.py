from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("区域与物业项目")
    demo_steps = [(30, "projects.demo.seed_projects")]
    demo_tables = ["projects_project"]

    def ready(self):
        from core.menu import Entry, register

        staff, enterprise = ("is_staff_side",), ("is_enterprise_user",)
        register(
            Entry(_("行政区域"), "projects:region_list", 1, staff, "registry"),
            Entry(_("物业项目"), "projects:project_list", 2, staff, "registry"),
            Entry(_("覆盖率"), "projects:coverage", 4, staff, "registry"),
            Entry(_("在管项目"), "projects:project_list", 2, enterprise, "my_enterprise"),
        )
        self.register_pickers()

    @staticmethod
    def register_pickers():
        from django.db.models import Q

        from core.pickers import Picker, register
        from core.punctuation import parenthesised

        from .models import Project

        register(
            Picker(
                "project",
                queryset=Project.objects.visible_to,
                search=lambda term: Q(name__icontains=term) | Q(code__istartswith=term),
                label=lambda p: f"{p.name}{parenthesised(p.region.name)} · {p.code}",
                keys={"id": "pk", "code": "code", "name": "name"},
                order_by=("name", "pk"),
                related=("region",),
            )
        )
