from django.contrib import admin

from .models import CalendarDay, Export


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists and forms show only what ``visible_to(request.user)`` allows."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


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
