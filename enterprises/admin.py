from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Certification, Enterprise, ProfileChangeRequest


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedAdmin):
    list_display = ["name", "uscc", "legal_representative", "region", "status", "key_supervision"]
    list_filter = ["status", "key_supervision", "party_organisation", "certifications"]
    search_fields = ["name", "uscc", "legal_representative"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    filter_horizontal = ["certifications"]


@admin.register(ProfileChangeRequest)
class ProfileChangeRequestAdmin(ScopedAdmin):
    list_display = ["enterprise", "requested_at", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    search_fields = ["enterprise__name"]
    list_select_related = ["enterprise", "reviewed_by"]
    readonly_fields = [
        "enterprise",
        "requested_by",
        "requested_at",
        "changes",
        "previous",
        "reviewed_by",
        "reviewed_at",
    ]

    # Requests are filed by enterprises and decided on their pages (enterprises.profile),
    # so that every decision is checked, locked and audited; the admin only shows them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
