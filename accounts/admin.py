from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import AdministratorOnly

from .models import Department, User


@admin.register(User)
class UserAdmin(AdministratorOnly, DjangoUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "region", "enterprise", "department", "is_active"]
    list_filter = ["role", "can_manage_accounts", "must_change_password", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "phone"]
    list_select_related = ["region", "enterprise", "department"]
    autocomplete_fields = ["region", "enterprise", "department"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (
            _("职责与辖区"),
            {
                "fields": (
                    "role",
                    "region",
                    "enterprise",
                    "department",
                    "phone",
                    "can_manage_accounts",
                    "must_change_password",
                )
            },
        ),
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
