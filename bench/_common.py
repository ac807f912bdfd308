"""Shared set-up for benchmarks: Django on a throw-away database beside the real one."""

import json
import os
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _own_name(base: str) -> str:
    """This process's throw-away database, ``bench_<base>_<pid>``: benchmarks run side by side
    (and beside the test suite) without dropping each other's. Those of processes that are gone
    (killed half-way) are dropped first."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"bench\\_{base}\\_%"])
        found = [row[0] for row in cursor.fetchall()]
    connection.close()
    for name in found:
        pid = name.rsplit("_", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return f"bench_{base}_{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def bench_database():
    """Create ``bench_<name>_<pid>`` (migrated), yield, drop it: the demo data is never touched."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = _own_name(connection.settings_dict["NAME"])
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


ROOT = Path(__file__).resolve().parent.parent


# Bumped when the way a seeded database is prepared for the benchmarks changes (2: vacuumed).
CACHE_FORMAT = 2


def schema_fingerprint() -> str:
    """What the seeded data depends on: every migration and the demo seeders' code (and how the
    benchmarks prepare it, ``CACHE_FORMAT``)."""
    import hashlib

    digest = hashlib.sha1(f"cache format {CACHE_FORMAT}".encode())
    files = (
        sorted(ROOT.glob("*/migrations/*.py"))
        + sorted(ROOT.glob("*/demo.py"))
        + sorted(ROOT.glob("*/demo_*.py"))
        + [ROOT / "core" / "demo.py"]
    )
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _admin_sql(sql: str) -> None:
    """A statement outside any transaction on the server's maintenance database."""
    import psycopg2
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("database", None)
    params["dbname"] = "postgres"
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql)
    finally:
        admin.close()


@contextmanager
def seeded_database(scale: str):
    """A throw-away database holding ``seed_demo --scale <scale>``, yielded by name.

    The seeded database is kept on the server as a template, ``benchcache_<scale>_<fingerprint>``
    (in the embedded server that is under the git-ignored ``.data/``), while the migrations and
    demo seeders are unchanged: the next run copies it (``CREATE DATABASE … TEMPLATE``, a file copy)
    instead of seeding again, which at province scale saves about ten minutes. Templates of older
    schemas for the scale are dropped. ``BENCH_NO_CACHE=1`` seeds afresh.
    """
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    base = connection.settings_dict["NAME"]
    name = _own_name(base)
    use_cache = _use_cache()
    cache, cached = _current_template(scale, drop_all=not use_cache)
    if use_cache and cached:
        _copy_database(cache, name)
        connection.settings_dict["NAME"] = name
        print(f"seed_demo --scale {scale}: copied from the cached {cache}", flush=True)
    else:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = name
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        call_command("seed_demo", "--scale", scale, stdout=io.StringIO())
        settle_after_seeding()
        keep_as_cache(scale, name)
    try:
        yield name
    finally:
        connection.close()
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.settings_dict["NAME"] = base


def _copy_database(source: str, target: str) -> None:
    """``CREATE DATABASE target TEMPLATE source`` as a copy of the files, then a checkpoint.

    PostgreSQL 15+ otherwise copies a database through the WAL: a 6 GB province would leave
    gigabytes of WAL whose checkpoints (and the full-page images after each) ran through the
    measurements that follow, slowing whichever benchmark writes. With FILE_COPY the server
    checkpoints before and after the copy; the final CHECKPOINT starts every benchmark from the
    same clean state."""
    import psycopg2
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        file_copy = int(cursor.fetchone()[0]) >= 150000
    connection.close()
    strategy = " STRATEGY FILE_COPY" if file_copy else ""
    _admin_sql(f'CREATE DATABASE "{target}" TEMPLATE "{source}"{strategy}')
    with suppress(psycopg2.errors.InsufficientPrivilege):  # a server's user without pg_checkpoint
        _admin_sql("CHECKPOINT")


def vacuum(*tables: str) -> None:
    """``VACUUM (ANALYZE)`` the tables named (every table without): what autovacuum will have done
    to any data a benchmark reads in production, and would otherwise be doing during the
    measurement, on the same two cores."""
    from django.db import connection

    names = ", ".join(connection.ops.quote_name(table) for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {names}".rstrip())


def settle_after_seeding() -> None:
    """Vacuum and analyse the freshly seeded database (a closed quarter's complaints are weeks
    old in production): otherwise autovacuum starts on millions of new rows the moment the seed
    commits and runs through the first measurements."""
    vacuum()


def _use_cache() -> bool:
    return os.environ.get("BENCH_NO_CACHE", "") in ("", "0")


def _current_template(scale: str, drop_all: bool = False) -> tuple[str, bool]:
    """The name of the scale's template for the current schema and whether it exists; templates
    of other schemas (all of them with ``drop_all``) are dropped. Closes the connection."""
    from django.db import connection

    cache = f"benchcache_{scale}_{schema_fingerprint()}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"benchcache_{scale}_%"])
        found = [row[0] for row in cursor.fetchall()]
    connection.close()
    for stale in found:
        if stale != cache or drop_all:
            _admin_sql(f'DROP DATABASE IF EXISTS "{stale}"')
    return cache, cache in found and not drop_all


def keep_as_cache(scale: str, name: str) -> None:
    """Keep the freshly seeded ``name`` as the template ``seeded_database`` copies (bench/seed.py
    seeds a province anyway: the other benchmarks then need not seed it again)."""
    import psycopg2

    if not _use_cache():
        return
    cache, _exists = _current_template(scale)
    # Another benchmark may have seeded the same scale at the same time: its copy serves.
    with suppress(psycopg2.errors.DuplicateDatabase):
        _copy_database(name, cache)


@contextmanager
def timed(results: dict, key: str):
    start = time.perf_counter()
    yield
    results[key] = time.perf_counter() - start


JSON_PREFIX = "JSON "


def emit(benchmark: str, ours: str, baseline: str, ratio: float, target: str, met: bool, **extra) -> None:
    """The one line ``run_all.py`` collects (``--json``): ``JSON {…}`` after the human output."""
    row = {
        "benchmark": benchmark,
        "ours": ours,
        "baseline": baseline,
        "ratio": round(ratio, 2),
        "target": target,
        "met": met,
        **extra,
    }
    print(JSON_PREFIX + json.dumps(row, ensure_ascii=False), flush=True)
