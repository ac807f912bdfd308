from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin

from .models import ApiClient, Attachment, Category, Complaint, ComplaintEvent, SlaPolicy


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "department_kind", "sort_order", "is_active"]
    list_filter = ["is_active", "department_kind"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name"]


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    fields = ["created", "type", "actor", "actor_label", "from_status", "to_status", "note", "public_note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ScopedAdmin):
    """Read-only: complaints change only through the workflow (pages and API), which checks,
    locks and records every step."""

    list_display = ["work_order", "created", "project", "category", "channel", "status", "is_overdue"]
    list_filter = ["status", "channel", "is_overdue", "urgency", "category"]
    search_fields = ["tracking_code", "external_id", "project__name"]
    list_select_related = ["project", "category"]
    date_hierarchy = "created"
    inlines = [EventInline]
    # The resident's secrets: the phone number and the tracking code are revealed, and recorded,
    # only on the complaint's page.
    exclude = ["complainant_phone", "tracking_code"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Complaint._meta.fields if f.name not in self.exclude]

    @admin.display(description=_("工单号"), ordering="pk")
    def work_order(self, obj):
        return obj.work_order_no

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ["stage", "urgency", "working_hours"]
    list_editable = ["working_hours"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "is_active", "created"]
    list_filter = ["channel", "is_active"]
    readonly_fields = ["key_hash", "hmac_secret", "created"]

    def has_add_permission(self, request):
        return False  # keys are issued by `manage.py issue_api_client`, which shows the key once


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["complaint", "kind", "content_type", "size", "created"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in Attachment._meta.fields]

    def get_queryset(self, request):
        visible = Complaint.objects.visible_to(request.user)
        return super().get_queryset(request).filter(complaint__in=visible)

    def has_add_permission(self, request):
        return False
