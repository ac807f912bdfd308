"""Choice helpers and the framework's own choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
