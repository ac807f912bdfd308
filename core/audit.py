"""Recording who did what (``AuditEvent``)."""

from .models import AuditEvent


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(action, *, request=None, actor=None, username="", object_repr="", **detail) -> AuditEvent:
    """Write one audit row; ``actor`` defaults to the request's authenticated user."""
    if actor is None and request is not None and getattr(request, "user", None) and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        username=username or (actor.get_username() if actor else ""),
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""),
        object_repr=str(object_repr)[:255],
        detail=detail,
    )
