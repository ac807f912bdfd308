"""Last run of each scheduled job, recorded from the worker's Celery signals.

Beat puts the job's name into the message headers (``periodic_task_name``); a task started any
other way (a user's export, a relay) carries none and costs nothing here. Connected in
``CoreConfig.ready``.
"""

from celery.signals import task_failure, task_postrun, task_prerun
from django.db.models import F
from django.utils import timezone

from .choices import JobOutcome
from .models import JobRun

ERROR_MAX_CHARS = 2000


def job_name(request) -> str | None:
    """The scheduled job a task request was sent for, or None. Celery puts custom headers on
    the request itself or, for some transports and eager runs, under ``headers``."""
    name = getattr(request, "periodic_task_name", None)
    return name or (getattr(request, "headers", None) or {}).get("periodic_task_name")


def job_started(task_id=None, task=None, **kwargs):
    name = job_name(task.request)
    if not name:
        return
    from django_celery_beat.models import PeriodicTask

    pk = PeriodicTask.objects.filter(name=name).values_list("pk", flat=True).first()
    if pk is None:  # the job was deleted after beat sent it
        return
    fields = {"task_id": task_id, "started": timezone.now(), "outcome": JobOutcome.STARTED}
    JobRun.objects.update_or_create(job_id=pk, defaults={**fields, "finished": None, "duration": None, "error": ""})


def job_failed(task_id=None, exception=None, sender=None, **kwargs):
    name = job_name(sender.request)
    if name:
        error = f"{type(exception).__name__}: {exception}"[:ERROR_MAX_CHARS]
        JobRun.objects.filter(job__name=name, task_id=task_id).update(error=error)


def job_finished(task_id=None, task=None, state=None, **kwargs):
    name = job_name(task.request)
    if name:
        now = timezone.now()
        JobRun.objects.filter(job__name=name, task_id=task_id).update(
            finished=now, duration=now - F("started"), outcome=state or JobOutcome.SUCCESS
        )


def connect() -> None:
    task_prerun.connect(job_started, weak=False, dispatch_uid="core.jobs.started")
    task_failure.connect(job_failed, weak=False, dispatch_uid="core.jobs.failed")
    task_postrun.connect(job_finished, weak=False, dispatch_uid="core.jobs.finished")
