"""Settings for benchmark servers: the project's own, plus a baseline view's URL."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench._urls"
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# Keep the benchmark's queued notifications out of the development queue (Redis db 3).
if "virtual_host=0" in CELERY_BROKER_URL:  # noqa: F405
    CELERY_BROKER_URL = CELERY_BROKER_URL.replace("virtual_host=0", "virtual_host=3")  # noqa: F405
elif CELERY_BROKER_URL.endswith("/0"):  # noqa: F405
    CELERY_BROKER_URL = CELERY_BROKER_URL[:-2] + "/3"  # noqa: F405
