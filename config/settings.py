"""Settings for the property-management supervision portal.

Every setting that differs between machines comes from the environment (or a ``.env`` file
beside ``manage.py``). In development (``PORTAL_ENV=development``, which ``make run`` and
``make test`` set) each has a default that works on a new machine: embedded PostgreSQL and
Redis, a development key. Anywhere else the portal is production: it refuses to start without
``SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL`` and ``PUBLIC_BASE_URL``, with a weak ``SECRET_KEY`` or with
``DEBUG=true``, and HTTPS settings are on. See README.md for the list.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _lazy

# The settings that are the same on every machine, by topic; this module reads the environment.
from config.settings_api import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401
from config.settings_apps import INSTALLED_APPS, MIDDLEWARE, ROOT_URLCONF, TEMPLATES, WSGI_APPLICATION  # noqa: F401
from config.settings_security import (  # noqa: F401
    AUTH_PASSWORD_VALIDATORS,
    AUTHENTICATION_BACKENDS,
    CONTENT_SECURITY_POLICY,
)

from .cache_version import schema_version

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# pytest (which sets PYTEST_VERSION) runs the suite as development, like `make test`.
PORTAL_ENV = env.str("PORTAL_ENV", default="development" if os.environ.get("PYTEST_VERSION") else "production")
if PORTAL_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"PORTAL_ENV must be development or production, not {PORTAL_ENV!r}.")
DEVELOPMENT = PORTAL_ENV == "development"
# DEBUG shows tracebacks, settings and SQL to whoever triggers an error: it never turns
# production into development behind the operator's back.
if DEBUG and not DEVELOPMENT:
    raise ImproperlyConfigured(
        "DEBUG=true is refused in production: it shows tracebacks and settings to every visitor. "
        "Remove DEBUG (or set DEBUG=false); on a development machine set PORTAL_ENV=development."
    )
_missing = [name for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL") if not env.str(name, default="")]
if _missing and not DEVELOPMENT:
    raise ImproperlyConfigured(
        f"Production needs {', '.join(_missing)} in the environment (README: configuration). "
        "On a development machine set PORTAL_ENV=development (make run and make test do)."
    )

# A stable development key; production sets SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-portal-key-change-me-in-production-0123456789")
# Django's own bar for a key (check --deploy, security.W009), enforced: sessions, password reset
# links and the residents' rating links are signed with it.
SECRET_KEY_MIN_LENGTH, SECRET_KEY_MIN_DISTINCT = 50, 5
if not DEVELOPMENT and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_DISTINCT
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production: it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
        f"{SECRET_KEY_MIN_DISTINCT} of them different, and not Django's 'django-insecure-' prefix "
        f"(this one has {len(SECRET_KEY)} characters, {len(set(SECRET_KEY))} different). "
        'Generate one: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Apps, middleware, templates and URLs: config/settings_apps.py (the same on every machine).

# --- Database: PostgreSQL only -------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://…).")
else:
    from config.embedded import ensure_postgres

    DATABASES = {"default": ensure_postgres()}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Hot write paths prepare their statements once per connection (core.inserts); turn off
# behind a transaction-pooling PgBouncer.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if not REDIS_URL:
    from config.embedded import ensure_redis

    REDIS_URL = ensure_redis()


def redis_db_url(db: int, *, broker: bool = False) -> str:
    """``REDIS_URL`` pointed at database ``db``; ``broker=True`` gives Celery's form of it."""
    if REDIS_URL.startswith("unix://"):
        path = REDIS_URL[len("unix://") :]
        return f"redis+socket://{path}?virtual_host={db}" if broker else f"{REDIS_URL}?db={db}"
    return f"{REDIS_URL.rstrip('/')}/{db}"


CACHE_URL = redis_db_url(1)
CELERY_BROKER_URL = redis_db_url(0, broker=True)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "portal",
        # A new migration starts on fresh keys: no pickle of an older model is read back.
        "VERSION": schema_version(BASE_DIR),
    }
}

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when Redis is down: the request has saved its rows already and
# the sweepers relay them later (notifications.outbox.sweep_pending).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0}
# Scheduled jobs live in the database (django-celery-beat), declared by each app's AppConfig,
# installed after migrate by core/schedules.py and edited in the admin; the scheduler sends them only while it holds a
# Redis lock, so a second beat started by mistake stands by (core/beat.py).
CELERY_BEAT_SCHEDULER = "core.beat:LockedDatabaseScheduler"

# --- Authentication and login security ----------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Sign-in backends, password rules and the Content-Security-Policy: config/settings_security.py.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public:home"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
LOGIN_RECORD_RETENTION_DAYS = env.int("LOGIN_RECORD_RETENTION_DAYS", default=365)

# Staff sessions end after this much inactivity (each request renews the deadline).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30) * 60
SESSION_COOKIE_AGE = env.int("SESSION_MAX_AGE_HOURS", default=12) * 3600
SESSION_COOKIE_HTTPONLY = True
# HTTPS: on by default in production, off for `make run` on http://127.0.0.1.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEVELOPMENT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEVELOPMENT)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEVELOPMENT else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
X_FRAME_OPTIONS = "DENY"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# A filter's empty choice means "any": it reads 全部 (All), not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _lazy("全部")

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".data" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- REST API: REST_FRAMEWORK and the schema in config/settings_api.py --------------------------
# API tokens expire this many hours after they are issued (accounts.tokens).
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=24)
if API_TOKEN_TTL_HOURS < 1:
    raise ImproperlyConfigured("API_TOKEN_TTL_HOURS must be at least 1.")

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")

# --- Complaints -------------------------------------------------------------------------------
SLA_WORKING_PERIODS = env.list("SLA_WORKING_PERIODS", default=["09:00-12:00", "13:00-18:00"])
SLA_WORKING_PERIODS = [tuple(p.split("-")) for p in SLA_WORKING_PERIODS]
FEEDBACK_AUTO_CLOSE_DAYS = env.int("FEEDBACK_AUTO_CLOSE_DAYS", default=7)
# The resident rates through a link sent to their phone by SMS; it works this many days at most.
FEEDBACK_LINK_DAYS = env.int("FEEDBACK_LINK_DAYS", default=30)
FEEDBACK_RATE_PER_IP = env.str("FEEDBACK_RATE_PER_IP", default="20/h")
FEEDBACK_LINK_RESEND_RATE = env.str("FEEDBACK_LINK_RESEND_RATE", default="3/d")
# Where residents reach the portal: links in SMS messages start with it. Production names it
# (a link to the wrong address is a dead link on the resident's phone); development links to
# the address `make run` serves (scripts/run.sh: WEB_HOST and WEB_PORT).
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="").strip()
if not PUBLIC_BASE_URL and not DEVELOPMENT:
    raise ImproperlyConfigured(
        "Production needs PUBLIC_BASE_URL in the environment: the address residents reach the portal at, "
        "e.g. https://wuye.example.gov.cn (README: configuration); links in SMS messages start with it."
    )
if not PUBLIC_BASE_URL:
    _web_host = env.str("WEB_HOST", default="127.0.0.1")
    _web_host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(_web_host, _web_host)
    _web_host = f"[{_web_host}]" if ":" in _web_host else _web_host  # an IPv6 address
    PUBLIC_BASE_URL = f"http://{_web_host}:{env.int('WEB_PORT', default=8000)}"
if not PUBLIC_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"PUBLIC_BASE_URL must start with http:// or https://, not {PUBLIC_BASE_URL!r}.")
DUPLICATE_WINDOW_DAYS = env.int("DUPLICATE_WINDOW_DAYS", default=30)
DUPLICATE_MIN_SIMILARITY = env.float("DUPLICATE_MIN_SIMILARITY", default=0.3)
COMPLAINT_MAX_PHOTOS = env.int("COMPLAINT_MAX_PHOTOS", default=9)
COMPLAINT_MAX_PHOTO_BYTES = env.int("COMPLAINT_MAX_PHOTO_MB", default=5) * 1024 * 1024
# Pixels are checked from the headers before decoding; stored photos are scaled down to fit.
COMPLAINT_MAX_PHOTO_PIXELS = env.int("COMPLAINT_MAX_PHOTO_MEGAPIXELS", default=40) * 10**6
COMPLAINT_MAX_TOTAL_PIXELS = env.int("COMPLAINT_MAX_TOTAL_MEGAPIXELS", default=120) * 10**6
COMPLAINT_PHOTO_MAX_SIDE = env.int("COMPLAINT_PHOTO_MAX_SIDE", default=4096)
# Photos of a form that came back (a wrong captcha) are held this long (core.held_photos).
HELD_PHOTOS_HOURS = env.int("HELD_PHOTOS_HOURS", default=2)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
INTAKE_RATE_PER_IP = env.str("INTAKE_RATE_PER_IP", default="10/h")
INTAKE_RATE_PER_PHONE = env.str("INTAKE_RATE_PER_PHONE", default="5/d")
TRACKING_RATE_PER_IP = env.str("TRACKING_RATE_PER_IP", default="30/h")
SUPPLEMENT_RATE_PER_IP = env.str("SUPPLEMENT_RATE_PER_IP", default="10/h")
RATELIMIT_VIEW = "complaints.views_public.rate_limited"
CAPTCHA_IMAGE_SIZE = (180, 60)
CAPTCHA_FONT_SIZE = 34
CAPTCHA_LENGTH = 4
# An arithmetic question whose signs can be read (core.captcha explains the settings).
CAPTCHA_CHALLENGE_FUNCT = "core.captcha.arithmetic_challenge"
CAPTCHA_PUNCTUATION = "+\u2212\u00d7="
CAPTCHA_LETTER_ROTATION = (-12, 12)
CAPTCHA_NOISE_FUNCTIONS = ("core.captcha.noise_edges",)
CAPTCHA_FILTER_FUNCTIONS = ("captcha.helpers.post_smooth", "core.captcha.bolder")
CHANNEL_SIGNATURE_MAX_SKEW = env.int("CHANNEL_SIGNATURE_MAX_SKEW_SECONDS", default=300)

NOTIFICATION_BACKENDS = {
    "email": "notifications.backends.EmailBackend",
    "sms": env.str("SMS_BACKEND", default="notifications.backends.LoggingSmsBackend"),
}
# Seconds between a notification's commit and its relay to the workers (one broker message
# per process per interval, however many notifications); 0 queues each one at once.
NOTIFICATION_RELAY_DELAY = env.float("NOTIFICATION_RELAY_DELAY", default=1.0)
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_SIGN_NAME = env.str("SMS_SIGN_NAME", default="物业监管")
SMS_GATEWAY_TIMEOUT = env.int("SMS_GATEWAY_TIMEOUT", default=5)
# --- SMS through a template gateway (notifications/gateways): Alibaba Cloud or Tencent Cloud SMS,
# SMS_BACKEND=notifications.gateways.aliyun.AliyunSmsBackend or …tencent.TencentSmsBackend.
# Keys: Alibaba Cloud AccessKey ID/secret, or Tencent Cloud SecretId/SecretKey.
SMS_ACCESS_KEY_ID = env.str("SMS_ACCESS_KEY_ID", default="")
SMS_ACCESS_KEY_SECRET = env.str("SMS_ACCESS_KEY_SECRET", default="")
SMS_TENCENT_APP_ID = env.str("SMS_TENCENT_APP_ID", default="")  # Tencent Cloud's SmsSdkAppId
SMS_REGION = env.str("SMS_REGION", default="")  # empty: cn-hangzhou (Alibaba), ap-guangzhou (Tencent)
# Another endpoint than the gateway's public one (a VPC endpoint; the tests' local stub).
SMS_ENDPOINT = env.str("SMS_ENDPOINT", default="")
# Per kind of SMS (notifications.choices.SmsKind): its template code at each gateway and the
# parameters the template uses, in the template's order (Tencent's {1}, {2} …). SMS_TEMPLATES in
# the environment is JSON merged over these, e.g.
# {"complaint_submitted": {"aliyun": "SMS_4711", "tencent": "1234567"}}.
SMS_TEMPLATES = {
    "complaint_submitted": {"aliyun": "", "tencent": "", "params": ["code"]},
    "complaint_rejected": {"aliyun": "", "tencent": "", "params": ["code", "reason"]},
    "complaint_answered": {"aliyun": "", "tencent": "", "params": ["code", "link"]},
    "merged_answered": {"aliyun": "", "tencent": "", "params": ["code"]},
    "complaint_closed": {"aliyun": "", "tencent": "", "params": ["code"]},
    "owner_sign_in_code": {"aliyun": "", "tencent": "", "params": ["code", "minutes"]},
    "vote_notice": {"aliyun": "", "tencent": "", "params": ["project", "title", "opens", "closes"]},
}
_templates = env.json("SMS_TEMPLATES", default={})
if not isinstance(_templates, dict) or not all(isinstance(spec, dict) for spec in _templates.values()):
    raise ImproperlyConfigured('SMS_TEMPLATES must be a JSON object like {"complaint_closed": {"aliyun": "SMS_…"}}.')
for _kind, _spec in _templates.items():
    SMS_TEMPLATES[_kind] = {**SMS_TEMPLATES.get(_kind, {}), **_spec}
# A rate-limited SMS (per number per day …) is tried again after this, doubled at each attempt.
SMS_THROTTLE_RETRY_MINUTES = env.int("SMS_THROTTLE_RETRY_MINUTES", default=30)
# Delivery receipts are asked for this long after sending; then the SMS is marked 无回执.
SMS_RECEIPT_WINDOW_HOURS = env.int("SMS_RECEIPT_WINDOW_HOURS", default=72)

# --- Owners (owners/) -------------------------------------------------------------------------
# The key of the keyed hashes that stand for owners' ID numbers (owners/identity.py). Set it in
# production and never change it: the hashes on the roll are matched with it, and a different
# key makes every owner unknown until the roll is imported again. Without it, one is derived
# from SECRET_KEY (so rotating SECRET_KEY would have the same effect).
OWNER_ID_HASH_KEY = env.str("OWNER_ID_HASH_KEY", default="") or f"owners-id:{SECRET_KEY}"
# The sign-in codes, votes, committees and funds: config/settings_owners.py.
from config.settings_owners import *  # noqa: E402, F403

# The quarterly scoring job: a run still computing this many minutes after its partitions were
# queued (a worker died, the broker lost the messages) has its missing partitions queued again.
SCORING_STUCK_MINUTES = env.int("SCORING_STUCK_MINUTES", default=30)
if SCORING_STUCK_MINUTES < 1:
    raise ImproperlyConfigured("SCORING_STUCK_MINUTES must be at least 1.")

# Publication by two officers (core.publication): whoever drafted or reviewed a list, a quarter's
# scores, a star, an honours selection or a bulletin cannot also publish it. An office with a
# single officer may turn this on; off by default.
PORTAL_ONE_OFFICER_PUBLICATION = env.bool("PORTAL_ONE_OFFICER_PUBLICATION", default=False)

# Excel exports: up to this many rows are written during the request; larger lists are built
# by a worker and downloaded from “我的导出”, kept this many days, and stop at EXPORT_MAX_ROWS
# (one sheet holds 1,048,576).
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=5000)
EXPORT_MAX_ROWS = env.int("EXPORT_MAX_ROWS", default=1_000_000)
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)

# Demo logins share one password so `make run` can print it; seed_demo uses it.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="Portal#2026demo")

# --- Operations: schedules, health, logs, replica ---------------------------------------------
# A beat renews its lock every few seconds; a standby beat takes over this long after the
# active one died.
BEAT_LOCK_SECONDS = env.int("BEAT_LOCK_SECONDS", default=30)
# LOG_FORMAT=json: one JSON object per line with the request or task id (core/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be plain or json.")
if LOG_FORMAT == "json":
    LOGGING["formatters"]["json"] = {"()": "core.logs.JsonFormatter"}
    LOGGING["handlers"]["console"]["formatter"] = "json"
    # Celery would otherwise replace the root handler with its own plain format.
    CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Optional read replica for dashboards, statistics, open data and large exports (core/replica.py).
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must point to PostgreSQL (postgres://…).")
    DATABASES["replica"].update(CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True)
    # A dead replica must not hold a page for long before the primary is used instead.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=30)
