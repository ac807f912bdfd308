"""A request id for every request, returned in ``X-Request-ID`` and logged with each line,
so one complaint's trail can be followed from nginx through the web process into the Celery
tasks it queued (``core.logs`` puts it into their headers).

The id a proxy or caller sends is kept when it looks like an id; anything else is replaced,
so a client cannot write arbitrary text into the logs.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{8,64}")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
logger = logging.getLogger("portal.request")


def incoming_or_new(value: str | None) -> str:
    """The caller's id when it is a plausible one, else a new one."""
    if value and _ACCEPTABLE.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets the request id, answers with it, and logs one line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = incoming_or_new(request.headers.get(HEADER))
        token = request_id_var.set(request.request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            log_request(request, response.status_code, time.monotonic() - started)
            return response
        finally:
            request_id_var.reset(token)


def log_request(request, status: int, seconds: float) -> None:
    user = getattr(request, "user", None)
    fields = {
        "request_id": request.request_id,
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "method": request.method,
        "path": request.path,
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
    }
    logger.info("%s %s %s %.1f ms", request.method, request.path, status, fields["duration_ms"], extra=fields)
