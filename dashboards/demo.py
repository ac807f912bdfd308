"""The demo's statistics, rolled up from the demo complaints once they are all in; at small and
city scale also the last two weeks' bulletins (the second published) and the open-data files.
At province scale, whose seed is at the edge of its time budget, beat drafts the bulletins on
Monday and writes the open data at night."""

import datetime as dt

from django.contrib.auth import get_user_model

from . import bulletins, opendata, rollup


def seed_statistics(ctx) -> None:
    result = rollup.rebuild()
    ctx.log(f"statistics rolled up in {result.seconds:.1f}s")
    if ctx.scale_name == "province":
        return
    last = bulletins.last_week()
    officers = get_user_model().objects.filter(username__in=["city", "city-reviewer"]).in_bulk(field_name="username")
    made = []
    for monday in (last - dt.timedelta(days=7), last):  # drafted as beat drafts them: by nobody
        made += [bulletins.generate(region, monday) for region in bulletins.bulletin_regions()]
    if len(officers) == 2:
        for bulletin in made[: len(made) // 2]:  # the older week is reviewed by one officer, published by another
            bulletins.publish(bulletins.review(bulletin, officers["city-reviewer"]), officers["city"])
    datasets = opendata.regenerate()
    ctx.log(f"bulletins: {len(made)}; open data: {sum(d.rows for d in datasets)} rows")
