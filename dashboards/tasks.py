"""Celery tasks: thin callers of the roll-up, the bulletin and the open data."""

import logging

from celery import shared_task

from . import bulletins, opendata, rollup

logger = logging.getLogger(__name__)


@shared_task
def rollup_statistics() -> int:
    """Beat (every few minutes): roll up what changed since the watermark."""
    result = rollup.run()
    if result.skipped:
        logger.info("statistics roll-up skipped: another one is running")
    return result.days


@shared_task
def weekly_bulletins() -> int:
    """Beat (Monday 08:00): draft last week's bulletin for the city and each district."""
    return len(bulletins.generate_weekly())


@shared_task
def refresh_open_data() -> int:
    """Beat (nightly): regenerate the open-data files."""
    return len(opendata.regenerate())
