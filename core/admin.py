from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import PeriodicTask, PeriodicTasks

from .models import AuditEvent, CalendarDay, Export, JobRun


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists and forms show only what ``visible_to(request.user)`` allows."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class FinalRecordAdmin:
    """Final rows (core.final) are shown read-only: no change, no delete; and no bulk delete
    action, which would skip the per-row check."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_final())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_final())

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class AdministratorOnly:
    """Framework tables and accounts are the administrators' business, not the officers'."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.sees_everything

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(Export)
class ExportAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["created", "user", "name", "status", "rows", "finished"]
    list_filter = ["status"]
    search_fields = ["user__username", "name"]
    readonly_fields = ["user", "name", "view", "params", "language", "rows", "truncated", "file", "error", "created"]

    def has_add_permission(self, request):
        return False


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class ScheduledJobAdmin(AdministratorOnly, beat_admin.PeriodicTaskAdmin):
    """django-celery-beat's page (pause, re-time, run now) plus how each job's last run went."""

    list_display = ["name", "enabled", "scheduler", "last_started", "last_duration", "last_outcome", "total_run_count"]
    readonly_fields = [
        *beat_admin.PeriodicTaskAdmin.readonly_fields,
        "last_started",
        "last_duration",
        "last_outcome",
        "last_error",
    ]
    fieldsets = [
        *beat_admin.PeriodicTaskAdmin.fieldsets,
        (_("上次运行"), {"fields": ["last_started", "last_duration", "last_outcome", "last_error"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("last_run")

    @admin.action(description=beat_admin.PeriodicTaskAdmin.run_tasks.short_description)
    def run_tasks(self, request, queryset):
        """The "run now" action sends the jobs straight to the workers, past beat, and only beat
        counts what it sends (``total_run_count``, kept in beat's memory and written back): count
        these too, and tell beat the table changed so that it reloads the count instead of
        writing its own over it."""
        jobs = list(queryset)
        super().run_tasks(request, queryset)
        if not jobs or any(self.celery_app.tasks.get(job.task) is None for job in jobs):
            return  # nothing was sent: the page says which task is unknown
        PeriodicTask.objects.filter(pk__in=[job.pk for job in jobs]).update(total_run_count=F("total_run_count") + 1)
        PeriodicTasks.update_changed()

    @staticmethod
    def _run(obj) -> JobRun | None:
        try:
            return obj.last_run
        except JobRun.DoesNotExist:
            return None

    @admin.display(description=_("上次开始"))
    def last_started(self, obj):
        run = self._run(obj)
        return run.started if run else None

    @admin.display(description=_("耗时"))
    def last_duration(self, obj):
        run = self._run(obj)
        return f"{run.duration.total_seconds():.1f} s" if run and run.duration is not None else None

    @admin.display(description=_("上次结果"))
    def last_outcome(self, obj):
        run = self._run(obj)
        return run.get_outcome_display() if run else None

    @admin.display(description=_("错误"))
    def last_error(self, obj):
        run = self._run(obj)
        return run.error if run else ""


@admin.register(AuditEvent)
class AuditEventAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["created", "username", "action", "ip_address", "object_repr"]
    list_filter = ["action"]
    search_fields = ["username", "object_repr"]
    date_hierarchy = "created"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
