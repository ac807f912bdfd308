from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Project


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ["code", "name", "region", "project_type", "management_mode", "enterprise", "households"]
    list_filter = ["management_mode", "project_type", "owners_committee", "party_branch"]
    search_fields = ["code", "name", "address"]
    list_select_related = ["region", "enterprise"]
    autocomplete_fields = ["region", "enterprise"]
