"""Excel exports of list pages: small ones inline, large ones by a worker.

A list of up to ``EXPORT_INLINE_MAX_ROWS`` rows is written during the request, as before. A
larger one becomes an :class:`~core.models.Export`: a Celery task rebuilds the same list
view for the same user with the same filters (so the same scope), streams the workbook to a
file, and the user downloads it from “我的导出”. Files are deleted after
``EXPORT_RETENTION_DAYS``. Excel holds 1,048,576 rows per sheet; an export stops at
``EXPORT_MAX_ROWS`` and says so.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from itertools import islice

from celery import current_app
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from .choices import ExportStatus
from .models import Export
from .replica import using_replica
from .xlsx import save_workbook

logger = logging.getLogger(__name__)
STUCK_AFTER = timedelta(hours=2)
RUN_TASK = "core.tasks.run_export"  # queued by name: core.tasks imports this module


def fits_inline(queryset) -> bool:
    """Whether the list is small enough to write during the request (counts at most one row
    past the limit, never the whole list)."""
    limit = settings.EXPORT_INLINE_MAX_ROWS
    return len(queryset.order_by().values_list("pk", flat=True)[: limit + 1]) <= limit


def start(view, *, name: str) -> Export:
    """Record an export of ``view``'s list as its user sees it now and queue it after commit."""
    request = view.request
    params = request.GET.copy()
    params.pop("export", None)
    params.pop("page", None)
    export = Export.objects.create(
        user=request.user,
        name=str(name)[:100],
        view=f"{type(view).__module__}.{type(view).__qualname__}",
        params={key: params.getlist(key) for key in params},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: enqueue(export.pk))
    return export


def enqueue(export_id: int) -> bool:
    try:
        current_app.send_task(RUN_TASK, args=[export_id], retry=False)
    except Exception:  # broker down: the row stays pending and the sweeper queues it later
        logger.warning("could not queue export %s; the sweeper will retry", export_id, exc_info=True)
        return False
    return True


def _queryset(export: Export):
    """The list the export's view shows its user with the export's filters, scope included."""
    request = HttpRequest()
    request.method = "GET"
    request.user = export.user
    request.GET = QueryDict(mutable=True)
    for key, values in export.params.items():
        request.GET.setlist(key, values)
    view = import_string(export.view)()
    view.setup(request)
    return view, view.get_queryset()


def run(export_id: int) -> str:
    """Claim a pending export and build its file. Returns the resulting status."""
    claimed = Export.objects.filter(pk=export_id, status=ExportStatus.PENDING).update(status=ExportStatus.RUNNING)
    if claimed != 1:
        return "skipped"
    export = Export.objects.select_related("user").get(pk=export_id)
    limit = settings.EXPORT_MAX_ROWS
    try:
        # The rows come from the read replica, if any; the export's own row stays on the primary.
        with translation.override(export.language), tempfile.TemporaryFile() as tmp, using_replica():
            view, queryset = _queryset(export)
            rows = islice(queryset.iterator(chunk_size=2000), limit)
            written = save_workbook(view.export_columns, rows, tmp, str(view.export_name))
            truncated = written == limit and queryset[limit : limit + 1].exists()
            tmp.seek(0)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            export.file.save(f"export-{stamp}.xlsx", File(tmp), save=False)
    except Exception as error:
        logger.exception("export %s failed", export_id)
        Export.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=str(error)[:1000], finished=timezone.now()
        )
        return ExportStatus.FAILED
    export.rows, export.truncated = written, truncated
    export.status, export.finished = ExportStatus.DONE, timezone.now()
    export.save(update_fields=["file", "rows", "truncated", "status", "finished"])
    return ExportStatus.DONE


def sweep() -> int:
    """Beat: queue exports left pending (broker was down), fail those stuck running (a worker
    died), delete exports and files past retention. Returns how many were queued."""
    now = timezone.now()
    Export.objects.filter(status=ExportStatus.RUNNING, created__lt=now - STUCK_AFTER).update(
        status=ExportStatus.FAILED, error="worker stopped", finished=now
    )
    expired = Export.objects.filter(created__lt=now - timedelta(days=settings.EXPORT_RETENTION_DAYS))
    for export in expired.exclude(file=""):
        export.file.delete(save=False)
    expired.delete()
    pending = Export.objects.filter(status=ExportStatus.PENDING, created__lt=now - timedelta(minutes=2))
    return sum(1 for pk in pending.values_list("pk", flat=True) if enqueue(pk))
