"""Structured logs (``LOG_FORMAT=json``) and the request id's way into Celery tasks.

Every line carries the request id of the request or task it was written in; a task carries the
id of the request that queued it (a message header set at publish time), so a slow export or a
failed notification is found from the request that started it. Connected in
``CoreConfig.ready``.
"""

import json
import logging
import time
from contextvars import ContextVar
from datetime import UTC, datetime

from celery.signals import before_task_publish, task_postrun, task_prerun

from .request_id import request_id_var

REQUEST_ID_HEADER = "request_id"
# Fields that callers pass with ``extra=`` and that belong in the JSON line.
EXTRA_FIELDS = ("user_id", "method", "path", "status", "duration_ms", "task_name", "state")

task_id_var: ContextVar[str | None] = ContextVar("task_id", default=None)
task_logger = logging.getLogger("portal.task")


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors (Loki, ELK, the cloud's log service)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in ("request_id", "task_id"):
            value = getattr(record, field, None) or _context_value(field)
            if value:
                entry[field] = value
        entry.update({field: getattr(record, field) for field in EXTRA_FIELDS if hasattr(record, field)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _context_value(field: str) -> str | None:
    return (request_id_var if field == "request_id" else task_id_var).get()


def request_id_of(request) -> str | None:
    """The request id a task message carries (on the request itself, or under ``headers``)."""
    value = getattr(request, REQUEST_ID_HEADER, None)
    return value or (getattr(request, "headers", None) or {}).get(REQUEST_ID_HEADER)


def add_request_id(headers=None, **kwargs) -> None:
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id)


# task id → (start, context tokens); a worker process runs its tasks one at a time per thread.
_running: dict[str, tuple[float, object, object]] = {}


def task_started(task_id=None, task=None, **kwargs) -> None:
    # An eager task run inside a request keeps the request's id.
    request_id = request_id_of(task.request) or request_id_var.get()
    _running[task_id] = (time.monotonic(), request_id_var.set(request_id), task_id_var.set(task_id))


def task_finished(task_id=None, task=None, state=None, **kwargs) -> None:
    started, request_token, task_token = _running.pop(task_id, (None, None, None))
    if started is None:
        return
    duration_ms = round((time.monotonic() - started) * 1000, 1)
    fields = {
        "task_id": task_id,
        "request_id": request_id_var.get(),
        "task_name": task.name,
        "state": state,
        "duration_ms": duration_ms,
    }
    task_logger.info("task %s %s in %.1f ms", task.name, state, duration_ms, extra=fields)
    task_id_var.reset(task_token)
    request_id_var.reset(request_token)


def connect() -> None:
    before_task_publish.connect(add_request_id, weak=False, dispatch_uid="core.logs.publish")
    task_prerun.connect(task_started, weak=False, dispatch_uid="core.logs.started")
    task_postrun.connect(task_finished, weak=False, dispatch_uid="core.logs.finished")
