from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.audit import record
from core.choices import AuditAction
from core.signals import list_exported


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record(AuditAction.LOGIN, request=request, actor=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(AuditAction.LOGOUT, request=request, actor=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    record(AuditAction.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150])


@receiver(list_exported)
def audit_export(sender, request, name, filters, **kwargs):
    record(AuditAction.EXPORT, request=request, object_repr=name, filters=filters)
