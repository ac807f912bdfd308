"""The framework's own tables: background exports, the working-day calendar, and the
abstract base every activity log (work orders, rectification, inspections, audit) shares."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction, ExportStatus, JobOutcome
from .scoping import ScopedQuerySet


class Event(models.Model):
    """One entry of an activity log: what happened, who did it, when, and a note.

    Each log names its typed kinds in ``Kind`` (a ``TextChoices``) and the field that holds
    the kind in ``kind_field`` (declared with ``choices=Kind.choices``), so every log is read the
    same way: ``event.label`` is its kind as people read it.
    """

    Kind: type[models.TextChoices]
    kind_field = "type"
    # kind → a translatable text with %(name)s placeholders, filled from ``text_params()`` when
    # the event is shown: a log stores codes and names, and reads in the reader's language.
    texts: dict = {}

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    created = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created", "id"]

    @property
    def label(self) -> str:
        """The event's kind as people read it; an unknown (older) kind reads as itself."""
        value = getattr(self, self.kind_field)
        try:
            return str(self.Kind(value).label)
        except ValueError:
            return value

    def text_params(self) -> dict:
        """The parameters of the kind's text, ready to show (a log with stored parameters
        overrides this to translate the codes among them)."""
        return {}

    @property
    def text(self) -> str:
        """The kind's text with its parameters; empty when the kind has none or a parameter is
        missing (an older row written before its kind had a text)."""
        template = self.texts.get(getattr(self, self.kind_field))
        if template is None:
            return ""
        try:
            return str(template) % self.text_params()
        except (KeyError, TypeError, ValueError):
            return ""


class ExportQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        return Q(user=user)


class Export(models.Model):
    """An Excel export too large to build during the request: built by a worker from the same
    list view, filters and scope, then downloaded by the user who asked for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="exports"
    )
    name = models.CharField(_("名称"), max_length=100)
    view = models.CharField(_("列表"), max_length=200, help_text=_("生成数据的列表视图"))
    params = models.JSONField(_("筛选条件"), default=dict, blank=True)
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    status = models.CharField(_("状态"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    rows = models.PositiveIntegerField(_("行数"), null=True, blank=True)
    truncated = models.BooleanField(_("超出上限已截断"), default=False)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("错误"), blank=True)
    created = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "created"], name="core_export_user_created")]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status in (ExportStatus.PENDING, ExportStatus.RUNNING)


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a public holiday on a weekday, or a make-up
    workday (调休上班) on a weekend."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"))
    name = models.CharField(_("说明"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.name}"


class JobRun(models.Model):
    """The last run of one scheduled job (a django-celery-beat ``PeriodicTask``), written by the
    worker that ran it: beat only knows that it sent the job, not whether the job worked."""

    job = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        verbose_name=_("定时任务"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="last_run",
    )
    task_id = models.CharField(_("任务编号"), max_length=255)
    started = models.DateTimeField(_("开始时间"))
    finished = models.DateTimeField(_("结束时间"), null=True, blank=True)
    duration = models.DurationField(_("耗时"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=JobOutcome.choices)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("定时任务运行记录")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.job_id} {self.outcome}"


class AuditEvent(Event):
    """Who did what and when: logins, failed logins, imports, exports and approvals.

    In core, below every app that records into it; written through :func:`core.audit.record`.
    """

    Kind = AuditAction
    kind_field = "action"

    created = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=32, choices=AuditAction.choices, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=255, blank=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"
