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
    officer = get_user_model().objects.filter(username="city").first()
    made = []
    for monday in (last - dt.timedelta(days=7), last):
        made += [bulletins.generate(region, monday, officer) for region in bulletins.bulletin_regions()]
    for bulletin in made[: len(made) // 2]:  # the older week is published
        bulletins.publish(bulletin, officer)
    datasets = opendata.regenerate()
    ctx.log(f"bulletins: {len(made)}; open data: {sum(d.rows for d in datasets)} rows")
