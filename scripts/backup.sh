#!/usr/bin/env bash
# Back up the database and the uploaded files into one folder:
#   scripts/backup.sh [FOLDER]        (default: .data/backups/YYYYmmdd-HHMMSS)
# FOLDER/database.dump is pg_dump's custom format (restore one table with pg_restore -t);
# FOLDER/media.tar.gz holds MEDIA_ROOT. The database and folders are the application's own
# (DATABASE_URL, MEDIA_ROOT, .env); with no DATABASE_URL the embedded server is dumped with
# the embedded wheel's pg_dump. A dump is consistent by itself: the application may keep running.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-.data/backups/$(date +%Y%m%d-%H%M%S)}"
eval "$(.venv/bin/python manage.py backup_env)"

mkdir -p "$dest"
"$PG_BIN_DIR/pg_dump" --format=custom --no-owner --no-privileges --file="$dest/database.dump"
if [ -d "$MEDIA_DIR" ]; then
    tar -C "$MEDIA_DIR" -czf "$dest/media.tar.gz" .
else
    tar -czf "$dest/media.tar.gz" --files-from /dev/null
fi
echo "backup written to $dest"
