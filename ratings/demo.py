"""Demo ratings for ``seed_demo``: the recent quarters scored with the default scheme and
published, by the real job (every partition in this process)."""

from __future__ import annotations

from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from core.quarters import Quarter
from projects.choices import RegionLevel
from projects.models import Region

from . import credit, jobs, lists, schemes
from .choices import ListSubject

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
    runs = [jobs.publish(jobs.run_all(jobs.start(period, enqueue=False))) for period in reversed(quarters)]
    if runs:
        _publish_lists(runs[-1])
    credit.sync()  # the credit file follows the published lists, complaints, orders and summons
    ctx.log(f"ratings: {len(quarters)} quarters scored and published, the latest with its red and black lists")


def _publish_lists(run) -> None:
    """The latest quarter's lists for each city and district, drafted by rule and published by the
    city's officer."""
    for city in Region.objects.filter(level=RegionLevel.CITY):
        officer = User.objects.filter(role=Role.CITY_OFFICER, region=city, is_active=True).first()
        if officer is None:
            continue
        for region in [city, *Region.objects.filter(parent=city).order_by("code")]:
            for subject in ListSubject.values:
                edition = lists.generate(run, region, subject, actor=officer)
                lists.publish(lists.review(edition, actor=officer), actor=officer)
