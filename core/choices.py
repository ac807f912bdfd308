"""Choice helpers and the framework's own choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


def choice_label(choices, value) -> str | None:
    """The label of a choice value, translated. Cheaper than ``get_FOO_display()``, which
    hashes the whole choice list on every call; that dominates a 60,000-row export."""
    if value in (None, ""):
        return None
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


class JobOutcome(models.TextChoices):
    """How the last run of a scheduled job ended (Celery's task states, as people read them)."""

    STARTED = "STARTED", _("运行中")
    SUCCESS = "SUCCESS", _("成功")
    FAILURE = "FAILURE", _("失败")
    RETRY = "RETRY", _("重试")


class AuditAction(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")
    CHANGE_REQUESTED = "change_requested", _("申请变更")
    CHANGE_APPROVED = "change_approved", _("批准变更")
    CHANGE_REJECTED = "change_rejected", _("驳回变更")
    TOKEN_CREATED = "token_created", _("获取 API 令牌")
    TOKEN_USED = "token_used", _("使用 API 令牌")
    TOKEN_REVOKED = "token_revoked", _("注销 API 令牌")
    TOKEN_EXPIRED = "token_expired", _("API 令牌过期")
    TRACKING_CODE_VIEWED = "tracking_code_viewed", _("查看查询码")
    ACCOUNT_CREATED = "account_created", pgettext_lazy("audit", "创建账号")
    ACCOUNT_CHANGED = "account_changed", pgettext_lazy("audit", "修改账号")
    ACCOUNT_DEACTIVATED = "account_deactivated", pgettext_lazy("audit", "停用账号")
    ACCOUNT_ACTIVATED = "account_activated", pgettext_lazy("audit", "启用账号")
    PASSWORD_RESET = "password_reset", pgettext_lazy("audit", "重置密码")
    PASSWORD_CHANGED = "password_changed", pgettext_lazy("audit", "本人修改密码")
    ROLL_CHANGED = "roll_changed", _("更正房屋业主名册")
    OWNER_SIGNED_IN = "owner_signed_in", _("业主登录")
