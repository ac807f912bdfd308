from django.contrib import admin

from core.admin import FinalRecordAdmin, ScopedAdmin

from .models import Scheme, ScoringRun, StreetEvaluation


@admin.register(Scheme)
class SchemeAdmin(FinalRecordAdmin, ScopedAdmin):
    """Drafts are edited here or on the scheme page; a published scheme is read-only (a new
    version replaces it) and is published only by ``ratings.schemes.publish``."""

    list_display = ["name", "version", "effective_year", "effective_quarter", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at", "published_by"]


@admin.register(ScoringRun)
class ScoringRunAdmin(FinalRecordAdmin, ScopedAdmin):
    list_display = ["year", "quarter", "scheme", "status", "started", "finished", "published_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ScoringRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(StreetEvaluation)
class StreetEvaluationAdmin(ScopedAdmin):
    list_display = ["project", "year", "quarter", "score", "evaluated_by", "updated"]
    list_filter = ["year", "quarter"]
    raw_id_fields = ["project", "evaluated_by"]
