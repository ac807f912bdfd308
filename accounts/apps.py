from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与权限")
    demo_steps = [(40, "accounts.demo.seed_departments"), (50, "accounts.demo.seed_users")]
    demo_tables = [
        "authtoken_token",
        "accounts_user_groups",
        "accounts_user_user_permissions",
        "accounts_user",
        "accounts_department",
    ]

    # Scheduled jobs (name → task, crontab, description), installed by core.schedules.
    schedules = {
        "purge-expired-sessions": (
            "accounts.tasks.purge_expired_sessions",
            "15 */6 * * *",
            "清除过期会话",
        ),
        "purge-old-login-records": (
            "accounts.tasks.purge_old_login_records",
            "45 3 * * *",
            "每日凌晨清除超过保留期的登录记录",
        ),
    }

    def ready(self):
        from core.menu import Entry, register

        from . import (
            schema,  # noqa: F401  (the API schema's description of the session sign-in)
            signals,  # noqa: F401  (connects the login and export audit receivers)
        )

        register(Entry(_("账号管理"), "accounts:staff_list", 6, ("holds_account_management",), "registry"))
