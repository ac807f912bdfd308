"""``/healthz`` and ``/readyz`` for the load balancer, answered before the rest of the stack.

They run as the first middleware so that a probe needs no session, no locale and no allowed
host (balancers probe by IP address), is not logged as a request, and is not redirected to
HTTPS by the security settings. ``/healthz`` only says the process answers; ``/readyz`` says
whether it can serve: the database answers, Redis (broker and cache) answers, every
migration of this code is applied (a new release must not take traffic before ``migrate``), and
the working-day calendar has the current and the next year (without them every deadline
ignores holidays and make-up workdays, and nothing else would say so).
"""

import datetime as dt
import logging

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.http import JsonResponse
from django.utils.timezone import localdate

from .models import CalendarDay

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
PROBE_TIMEOUT_SECONDS = 2


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return JsonResponse({"status": "ok"})
        if request.path == READY_PATH:
            return readiness_response()
        return self.get_response(request)


# Reported, and the status says "degraded", but the node stays in rotation: a missing calendar
# year is a data fault every node shares (taking them all out would stop the portal, not fix
# the deadlines), and the next year's arrangement is only published around November.
ADVISORY = frozenset({"calendar"})


def readiness_response() -> JsonResponse:
    checks = run_checks()
    failed = {name for name, result in checks.items() if result != "ok"}
    status = "fail" if failed - ADVISORY else "degraded" if failed else "ok"
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "fail" else 200)


def run_checks() -> dict[str, str]:
    """Each check's result: ``"ok"`` or why it failed. Migrations and calendar need the database."""
    checks = {"database": _check(check_database), "redis": _check(check_redis)}
    for name, probe in (("migrations", check_migrations), ("calendar", check_calendar)):
        checks[name] = _check(probe) if checks["database"] == "ok" else "skipped: no database"
    return checks


def _check(probe) -> str:
    try:
        return probe() or "ok"
    except Exception as exc:  # a probe reports any failure; it must never raise to the balancer
        # The answer needs no login, so it names the kind of failure only; the log has the rest
        # (an error message may name hosts and users).
        logger.warning("readiness probe %s failed: %s", probe.__name__, exc)
        return f"error: {type(exc).__name__}"


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_redis() -> None:
    # The broker and the cache are databases of the one Redis server at REDIS_URL.
    client = redis.Redis.from_url(
        settings.CACHE_URL, socket_timeout=PROBE_TIMEOUT_SECONDS, socket_connect_timeout=PROBE_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()


class _Migrations:
    # Reading the migration graph costs tens of milliseconds; once all are applied they stay
    # applied for the life of this process (new code means a new process), so remember it.
    all_applied = False


def check_migrations() -> str | None:
    if _Migrations.all_applied:
        return None
    loader = MigrationLoader(connections[DEFAULT_DB_ALIAS])
    # Every migration of the code, not only the leaves: a leaf may be recorded while one before
    # it is not (a history edited by hand, a squash), and a plan to the leaves would miss it.
    unapplied = sorted(set(loader.graph.nodes) - set(loader.applied_migrations))
    if unapplied:
        names = ", ".join(f"{app}.{name}" for app, name in unapplied[:5])
        return f"unapplied: {names}" + (" …" if len(unapplied) > 5 else "")
    _Migrations.all_applied = True
    return None


def check_calendar() -> str | None:
    # Asked on every probe, unlike the migrations: one indexed query, and an administrator can
    # delete days at any time.
    this_year = localdate().year
    stored = CalendarDay.objects.filter(date__gte=dt.date(this_year, 1, 1), date__lt=dt.date(this_year + 2, 1, 1))
    missing = sorted({this_year, this_year + 1} - {day.year for day in stored.dates("date", "year")})
    if missing:
        return "missing " + ", ".join(str(year) for year in missing)
    return None
