"""scripts/backup.sh and scripts/restore.sh: the demo, backed up and restored into a new
database and media folder, has the same rows and the same files."""

import hashlib
import os
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _server():
    db = settings.DATABASES["default"]
    return {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}


def _admin(sql: str) -> None:
    conn = psycopg2.connect(dbname="postgres", **_server())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def _url(name: str) -> str:
    s = _server()
    # The path form carries a Unix-socket folder as the host (django-environ's convention).
    host = f"localhost:{s['port']}/{s['host']}" if s["host"].startswith("/") else f"{s['host']}:{s['port']}"
    return f"postgres://{s['user']}:{s['password']}@{host}/{name}"


@pytest.fixture
def databases():
    names = [f"backup_{role}_{uuid.uuid4().hex[:8]}" for role in ("source", "restored")]
    for name in names:
        _admin(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    yield names
    for name in names:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args, *, database: str, media: Path) -> None:
    env = {**os.environ, "DATABASE_URL": _url(database), "MEDIA_ROOT": str(media)}
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args[-1]} failed:\n{done.stdout}\n{done.stderr}"


def _row_counts(database: str) -> dict[str, int]:
    conn = psycopg2.connect(dbname=database, **_server())
    with conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cur.fetchall()]
        counts = {}
        for table in tables:
            cur.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cur.fetchone()[0]
    conn.close()
    return counts


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_a_backup_of_the_demo_restores_to_the_same_rows_and_files(databases, tmp_path):
    source, restored = databases
    media, restored_media, backup = tmp_path / "media", tmp_path / "restored-media", tmp_path / "backup"
    python = str(ROOT / ".venv" / "bin" / "python")
    _run([python, "manage.py", "migrate", "--noinput"], database=source, media=media)
    _run([python, "manage.py", "seed_demo", "--scale", "small"], database=source, media=media)
    (media / "complaints" / "2026").mkdir(parents=True)
    (media / "complaints" / "2026" / "photo.jpg").write_bytes(os.urandom(2048))
    (media / "exports").mkdir(exist_ok=True)
    (media / "exports" / "投诉.xlsx").write_bytes(b"PK\x03\x04 workbook")

    _run(["scripts/backup.sh", str(backup)], database=source, media=media)
    _run(["scripts/restore.sh", str(backup)], database=restored, media=restored_media)

    counts = _row_counts(source)
    assert counts["complaints_complaint"] > 0 and counts["projects_project"] > 0
    # The statistics tables and the roll-up's watermark come back too (the roll-up goes on from it).
    assert counts["dashboards_complaintdaily"] > 0 and counts["dashboards_regionmonthly"] > 0
    assert counts["dashboards_rollupstate"] == 1
    assert _row_counts(restored) == counts
    assert _files(restored_media) == _files(media)
