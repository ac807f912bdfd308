"""Settings for benchmark servers: the project's own, plus a baseline view's URL."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench._urls"
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
