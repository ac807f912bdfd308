from django.contrib import admin


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists and forms show only what ``visible_to(request.user)`` allows."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)
