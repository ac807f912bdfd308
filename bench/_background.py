"""The background load of bench/mixed.py, in helper processes (bench/_load.py's ``Helper``) whose
Python does not share the pushing clients' interpreter: clients browsing the dashboards, and the
statistics roll-up beside a quarterly scoring run. Each sets Django up first, then imports the
project."""

from __future__ import annotations

import itertools
import threading
import time

from _load import request, serve_commands


def browse_setup(args):
    """The city officer's session and dashboards: the city's and each district's drill-down, each
    page checked once."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from dashboards.views import home_region

    user = get_user_model().objects.get(username="city")
    client = Client()
    client.force_login(user)
    districts = home_region(user).children.order_by("code").values_list("code", flat=True)
    pages = ["/dashboards/", *(f"/dashboards/?region={code}" for code in districts)]
    connection.close()
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    headers = {"Cookie": cookie, "Accept-Language": "zh-hans"}
    for page in pages:
        _, status, body = request(args.port, "GET", page, headers=headers)
        if status != 200:
            raise RuntimeError(f"{page} answered {status}: {body[:200]!r}")
    return {"pages": pages, "headers": headers, "port": args.port, "browsers": args.browsers, "think": args.think}


def browse(state: dict, seconds: float, _parts: set[str]) -> dict:
    """``browsers`` clients reading the pages in turn, ``think`` seconds apart, for ``seconds``."""
    times, failed, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int):
        mine, bad = [], 0
        for page in itertools.islice(itertools.cycle(state["pages"]), offset, None):
            if time.monotonic() >= deadline:
                break
            took, status, _ = request(state["port"], "GET", page, headers=state["headers"])
            if status == 200:
                mine.append(took)
            else:
                bad += 1
            time.sleep(state["think"])
        with lock:
            times.extend(mine)
            failed[0] += bad

    threads = [threading.Thread(target=client, args=(n,)) for n in range(state["browsers"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"pages": times, "failed": failed[0]}


def jobs_setup(args):
    import django

    django.setup()
    from django.db import connection

    from dashboards import rollup

    rollup.run()  # start from a current roll-up: each run then takes what came since the last
    connection.close()
    return {"rollup_every": args.rollup_every, "parallel": args.scoring_parallel}


def background_jobs(state: dict, seconds: float, parts: set[str]) -> dict:
    """The roll-up every ``rollup_every`` seconds beside a scoring run computing throughout
    ``seconds`` (those of the two in ``parts``); the run under way at the end is let finish."""
    from django.db import connections

    from core.quarters import Quarter
    from dashboards import rollup
    from ratings import jobs
    from ratings.choices import RunStatus
    from ratings.models import ScoringRun

    deadline = time.monotonic() + seconds
    done = {"rollup_s": [], "scoring_s": []}

    def rollups():
        while time.monotonic() < deadline:
            started = time.monotonic()
            done["rollup_s"].append(rollup.run().seconds)
            time.sleep(max(0.0, min(started + state["rollup_every"], deadline) - time.monotonic()))
        connections.close_all()

    def scoring():
        while time.monotonic() < deadline:
            started = time.monotonic()
            quarter = Quarter.last_closed()  # the seed publishes it: back to a draft, as bench/scoring.py
            ScoringRun.objects.filter(year=quarter.year, quarter=quarter.number).update(status=RunStatus.DRAFT)
            run = jobs.start(quarter, enqueue=False)
            jobs.run_all(run, parallel=state["parallel"])
            done["scoring_s"].append(time.monotonic() - started)
        connections.close_all()

    threads = [threading.Thread(target=rollups)] if "rollup" in parts else []
    threads += [threading.Thread(target=scoring)] if "scoring" in parts else []
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done


ROLES = {"browse": (browse_setup, browse), "jobs": (jobs_setup, background_jobs)}


def serve(args) -> None:
    """Be the helper ``args.role`` (``--role`` of bench/mixed.py)."""
    setup, work = ROLES[args.role]
    serve_commands(lambda: setup(args), work)
