from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Project, Region


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ["code", "name", "region", "project_type", "management_mode", "enterprise", "households"]
    list_filter = ["management_mode", "project_type", "owners_committee", "party_branch"]
    search_fields = ["code", "name", "address"]
    list_select_related = ["region", "enterprise"]
    autocomplete_fields = ["region", "enterprise"]
