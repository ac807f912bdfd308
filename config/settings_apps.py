"""What the portal is assembled from: its apps, the middleware every request passes through (in
order), the templates and the URLs. Fixed for every machine; imported by :mod:`config.settings`,
which holds everything read from the environment."""

from pathlib import Path

project_dir = Path(__file__).resolve().parent.parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "captcha",
    "core",
    "regions",
    "enterprises",
    "projects",
    "accounts",
    "notifications",
    "owners",
    "funds",
    "complaints",
    "inspections",
    "ratings",
    "dashboards",
    # Scheduled jobs live in the database, edited in the admin (core/schedules.py, core/beat.py).
    "django_celery_beat",
]

MIDDLEWARE = [
    # Probes first: a load balancer's /healthz and /readyz skip sessions, host checks and the
    # request log (core/health.py); then the request id and the one log line per request.
    "core.health.HealthCheckMiddleware",
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.request_guards.RejectNulMiddleware",
    "core.request_guards.StripControlCharsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (it reads request.user), before the rest: their responses are covered.
    "core.cache_headers.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    # A published record refused by the database (a race past the rules' checks): 409, not 500.
    "core.final.FinalRecordMiddleware",
    # Axes must be last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [project_dir / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["core.templatetags.portal_permissions", "core.templatetags.portal_text"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]
