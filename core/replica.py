"""Reads for reports from the PostgreSQL read replica (``DATABASE_REPLICA_URL``), when there is one.

Dashboards, statistics, open data and large exports read much and can be a few seconds behind,
so they run inside :func:`using_replica` and leave the primary to the work orders. Everything
else, and every write, uses the primary: a page that has just saved a row must read it back.
When the replica is not configured or does not answer, reads fall back to the primary (logged,
and not retried for ``REPLICA_RETRY_SECONDS``) — a report is slower, never missing.

    with using_replica():
        rows = list(report_queryset)

    @using_replica()
    def coverage_for_user(user): ...
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
logger = logging.getLogger(__name__)
_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)


@contextmanager
def using_replica():
    """Send the ORM reads made inside to the replica (usable as a decorator too)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class _Health:
    down_until = 0.0


def replica_available() -> bool:
    """Whether the replica is configured and answers; a failure is remembered for a while so that
    a dead replica costs one connection attempt per process and interval, not one per query."""
    if REPLICA not in connections.settings or time.monotonic() < _Health.down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as exc:
        retry = settings.REPLICA_RETRY_SECONDS
        logger.warning("read replica unavailable, reading from the primary for %ss: %s", retry, exc)
        _Health.down_until = time.monotonic() + retry
        return False
    return True


class ReplicaRouter:
    """Replica for reads inside :func:`using_replica`, the primary for everything else.

    Answers explicitly rather than deferring: Django's fallback would write an object read from
    the replica back to the replica."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reading_replica.get() and replica_available() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, **hints):
        return None if db == DEFAULT_DB_ALIAS else False  # the replica gets its schema by replication
