"""Celery tasks of the framework: thin callers of :mod:`core.exports` and :mod:`core.held_photos`."""

from celery import shared_task

from . import exports, held_photos


@shared_task
def run_export(export_id: int) -> str:
    return exports.run(export_id)


@shared_task
def sweep_exports() -> int:
    return exports.sweep()


@shared_task
def sweep_held_photos() -> int:
    return held_photos.sweep()
