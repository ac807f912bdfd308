"""Demo ratings for ``seed_demo``: the recent quarters scored with the default scheme and
published, by the real job (every partition in this process)."""

from __future__ import annotations

from django.utils import timezone

from core.quarters import Quarter

from . import jobs, schemes

# Province scale scores nothing here: its seed is at the edge of its 10-minute budget already;
# score a quarter afterwards with the page or ``manage.py compute_scores --quarter 2026Q3``.
QUARTERS = {"small": 8, "city": 8, "province": 0}


def seed_ratings(ctx) -> None:
    schemes.ensure_default()  # reference data: --replace empties it with the users it points at
    quarter = Quarter.last_closed(timezone.localdate())
    quarters = []
    for _i in range(QUARTERS.get(ctx.scale_name, 0)):
        quarters.append(quarter)
        quarter = quarter.previous()
    for period in reversed(quarters):
        jobs.publish(jobs.run_all(jobs.start(period, enqueue=False)))
    ctx.log(f"ratings: {len(quarters)} quarters scored and published")
