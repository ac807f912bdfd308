"""Celery tasks of the framework: thin callers of :mod:`core.exports`."""

from celery import shared_task

from . import exports


@shared_task
def run_export(export_id: int) -> str:
    return exports.run(export_id)


@shared_task
def sweep_exports() -> int:
    return exports.sweep()
