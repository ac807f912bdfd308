from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Draw, DrawResult, InspectionStandard, StandardCategory, StandardItem, StandardTotal


class TotalInline(admin.TabularInline):
    model = StandardTotal
    extra = 0


class CategoryInline(admin.TabularInline):
    model = StandardCategory
    extra = 0


@admin.register(InspectionStandard)
class InspectionStandardAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "status", "published_at"]
    list_filter = ["status"]
    inlines = [TotalInline, CategoryInline]
    readonly_fields = ["status", "published_at", "based_on"]


@admin.register(StandardItem)
class StandardItemAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "points", "category"]
    list_filter = ["category__standard"]
    search_fields = ["code", "title"]
    list_select_related = ["category"]


class ResultInline(admin.TabularInline):
    model = DrawResult
    extra = 0
    readonly_fields = ["rank", "project", "inspectors"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Draw)
class DrawAdmin(ScopedAdmin):
    list_display = ["name", "region", "project_count", "inspectors_per_project", "status", "published_at"]
    list_filter = ["status"]
    inlines = [ResultInline]
    readonly_fields = ["seed", "frozen_pool", "frozen_inspectors", "status", "drawn_at", "published_at", "created_by"]
    autocomplete_fields = ["region"]
    filter_horizontal = ["inspector_pool"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
