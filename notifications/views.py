"""The inbox: a signed-in user's in-portal messages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.menu import forget_badges
from core.views import ScopedListView

from .choices import NotificationChannel
from .models import Notification


class InboxView(ScopedListView):
    model = Notification
    template_name = "notifications/inbox.html"

    def base_queryset(self):
        return Notification.objects.filter(channel=NotificationChannel.INBOX).prefetch_related("target")


@require_POST
def mark_read(request):
    if not request.user.is_authenticated:
        raise PermissionDenied
    Notification.objects.visible_to(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    forget_badges(request.user.pk)
    return redirect("notifications:inbox")
