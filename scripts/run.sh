#!/usr/bin/env bash
# Start web (gunicorn), WORKERS Celery worker processes (default 1) and one Celery beat
# together; Ctrl-C stops all of them and the embedded PostgreSQL/Redis that `make run`
# started. Called by `make run`.
set -uo pipefail
cd "$(dirname "$0")/.."
export WEB_HOST="${WEB_HOST:-127.0.0.1}" WEB_PORT="${WEB_PORT:-8000}"
export PYTHONUNBUFFERED=1

stop_services() { .venv/bin/python -m config.embedded stop; }
trap stop_services EXIT

.venv/bin/python manage.py demo_logins --url "http://${WEB_HOST}:${WEB_PORT}/"
# honcho starts each worker as its own process with its own node name (worker.1@host, …).
.venv/bin/honcho --no-colour -f Procfile start --concurrency "worker=${WORKERS:-1}"
