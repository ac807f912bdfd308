from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("物业服务企业")
    demo_steps = [(20, "enterprises.demo.seed_enterprises")]
    demo_tables = [
        "enterprises_profilechangerequest",
        "enterprises_enterprise_certifications",
        "enterprises_enterprise",
    ]

    def ready(self):
        from core.menu import Entry, register

        enterprise = ("is_enterprise_user",)
        register(
            Entry(_("物业企业"), "enterprises:enterprise_list", 3, ("is_staff_side",), "registry"),
            Entry(_("变更审核"), "enterprises:change_request_list", 5, ("is_bureau_officer",), "registry"),
            Entry(_("企业信息"), "enterprises:my_enterprise", 1, enterprise, "my_enterprise"),
            Entry(_("变更申请"), "enterprises:change_request_list", 3, enterprise, "my_enterprise"),
        )
        self.register_pickers()

    @staticmethod
    def register_pickers():
        from django.db.models import Q

        from core.pickers import Picker, register

        from .models import Enterprise

        register(
            Picker(
                "enterprise",
                queryset=Enterprise.objects.visible_to,
                search=lambda term: Q(name__icontains=term) | Q(uscc__istartswith=term),
                label=lambda e: f"{e.name} · {e.uscc}",
                keys={"id": "pk", "code": "uscc", "name": "name"},
                order_by=("name", "pk"),
            )
        )
