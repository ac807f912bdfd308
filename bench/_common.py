"""Shared set-up for benchmarks: Django on a throw-away database beside the real one."""

import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


@contextmanager
def bench_database():
    """Create ``test_<name>`` (migrated), yield, drop it: the demo data is never touched."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # Its own name, so a benchmark and the test suite can run side by side.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


@contextmanager
def timed(results: dict, key: str):
    start = time.perf_counter()
    yield
    results[key] = time.perf_counter() - start


JSON_PREFIX = "JSON "


def emit(benchmark: str, ours: str, baseline: str, ratio: float, target: str, met: bool, **extra) -> None:
    """The one line ``run_all.py`` collects (``--json``): ``JSON {…}`` after the human output."""
    row = {"benchmark": benchmark, "ours": ours, "baseline": baseline, "ratio": round(ratio, 2), "target": target,
           "met": met, **extra}  # fmt: skip
    print(JSON_PREFIX + json.dumps(row, ensure_ascii=False), flush=True)
