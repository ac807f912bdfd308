from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import outbox
from .choices import NotificationStatus
from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Deliveries: administrators see what did not reach people (failed, rejected by the gateway
    with its message, or reported undelivered by the delivery receipt)."""

    list_display = [
        "created",
        "channel",
        "kind",
        "address",
        "recipient",
        "subject",
        "status",
        "attempts",
        "last_error",
        "receipt",
    ]
    list_filter = ["status", "channel", "kind", "receipt"]
    search_fields = ["address", "subject", "provider_id"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["retry"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("重新发送所选通知"))
    def retry(self, request, queryset):
        again = [NotificationStatus.FAILED, NotificationStatus.REJECTED]
        ids = list(queryset.filter(status__in=again).values_list("pk", flat=True))
        queryset.filter(pk__in=ids).update(status=NotificationStatus.PENDING, attempts=0, retry_at=None)
        outbox.wake_relay()
        self.message_user(request, _("已重新排队 %(n)d 条。") % {"n": len(ids)})
