from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task
def purge_expired_sessions() -> int:
    """Delete expired sessions (what ``manage.py clearsessions`` does), set-based."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def purge_old_login_records() -> int:
    """Drop login audit rows and axes access logs older than the retention period."""
    from axes.models import AccessLog

    from core.choices import AuditAction
    from core.models import AuditEvent

    cutoff = timezone.now() - timedelta(days=settings.LOGIN_RECORD_RETENTION_DAYS)
    n, _ = AuditEvent.objects.filter(
        created__lt=cutoff, action__in=[AuditAction.LOGIN, AuditAction.LOGIN_FAILED, AuditAction.LOGOUT]
    ).delete()
    m, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    return n + m
