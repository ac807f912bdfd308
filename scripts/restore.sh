#!/usr/bin/env bash
# Restore a folder written by scripts/backup.sh:
#   scripts/restore.sh FOLDER
# into the application's database (DATABASE_URL, or the embedded one), which must exist: its
# tables are dropped and recreated from the dump in one transaction (nothing changes if any
# step fails). Files from the backup are put into MEDIA_ROOT, replacing those of the same name.
# Stop web, workers and beat first, and run `manage.py migrate` afterwards when the code is
# newer than the backup.
set -euo pipefail
cd "$(dirname "$0")/.."
src="${1:?usage: scripts/restore.sh BACKUP_FOLDER}"
test -f "$src/database.dump" || { echo "no database.dump in $src" >&2; exit 2; }
eval "$(.venv/bin/python manage.py backup_env)"

"$PG_BIN_DIR/pg_restore" --clean --if-exists --no-owner --no-privileges --single-transaction \
    --exit-on-error --dbname="$PGDATABASE" "$src/database.dump"
mkdir -p "$MEDIA_DIR"
tar -C "$MEDIA_DIR" -xzf "$src/media.tar.gz"
echo "restored $src into database $PGDATABASE and $MEDIA_DIR"
