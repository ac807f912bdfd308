from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Department, Export, User


class AdministratorOnly:
    """Accounts and audit are the administrators' business, not the officers'."""

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


@admin.register(User)
class UserAdmin(AdministratorOnly, DjangoUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "region", "enterprise", "department", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "phone"]
    list_select_related = ["region", "enterprise", "department"]
    autocomplete_fields = ["region", "enterprise", "department"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("职责与辖区"), {"fields": ("role", "region", "enterprise", "department", "phone")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("职责与辖区"), {"fields": ("role", "region", "enterprise", "department")}),
    )


@admin.register(Department)
class DepartmentAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]


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


@admin.register(Export)
class ExportAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["created", "user", "name", "status", "rows", "finished"]
    list_filter = ["status"]
    search_fields = ["user__username", "name"]
    readonly_fields = ["user", "name", "view", "params", "language", "rows", "truncated", "file", "error", "created"]

    def has_add_permission(self, request):
        return False
