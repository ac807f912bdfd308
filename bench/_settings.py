"""Settings for benchmark servers: the project's own, plus a baseline view's URL."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench._urls"
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# Keep the benchmark's queued notifications out of the development queue (Redis db 3).
CELERY_BROKER_URL = redis_db_url(3, broker=True)  # noqa: F405
