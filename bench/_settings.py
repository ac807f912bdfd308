"""Settings for benchmark servers: the project's own, plus a baseline view's URL."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench._urls"
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# Keep the benchmark's queued notifications out of the development queue (Redis db 3).
CELERY_BROKER_URL = redis_db_url(3, broker=True)  # noqa: F405

# Each benchmark database its own cache keys: a benchmark never reads what was cached for another
# one's database or the development server's (the same primary keys, other rows), nor a pickle
# written before a model moved.
CACHES = {**CACHES, "default": {**CACHES["default"], "KEY_PREFIX": f"bench-{DATABASES['default']['NAME']}"}}  # noqa: F405
