from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与权限")
    demo_steps = [(40, "accounts.demo.seed_departments"), (50, "accounts.demo.seed_users")]
    demo_tables = [
        "accounts_auditevent",
        "authtoken_token",
        "accounts_user_groups",
        "accounts_user_user_permissions",
        "accounts_user",
        "accounts_department",
    ]

    def ready(self):
        from core.menu import Entry, register

        from . import (
            schema,  # noqa: F401  (the API schema's description of the session sign-in)
            signals,  # noqa: F401  (connects the login and export audit receivers)
        )

        register(Entry(_("账号管理"), "accounts:staff_list", 6, ("holds_account_management",), "registry"))
