"""Server-side prepared statements for the few queries every complaint intake runs.

psycopg2 sends each statement as text, which PostgreSQL parses, analyses and plans anew: for the
intake's three-row insert that is more work than running it. ``PREPARE`` once per connection,
then ``EXECUTE`` with the values. Prepared statements are session state: turn them off with
``DATABASE_PREPARED_STATEMENTS=false`` when a pooler in transaction mode (PgBouncer) sits between
Django and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from functools import cache

from django.conf import settings

# Names of the statements prepared on each open database connection, keyed by the driver's
# connection object, so a reconnect starts afresh.
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def execute_prepared(connection, cursor, sql: str, params: list) -> None:
    """``cursor.execute(sql, params)``, through a statement prepared once per connection."""
    if not settings.DATABASE_PREPARED_STATEMENTS:
        cursor.execute(sql, params)
        return
    name = _statement_name(sql)
    done = _prepared.setdefault(connection.connection, set())
    if name not in done:
        cursor.execute(f"PREPARE {name} AS {_numbered(sql)}")
        done.add(name)  # PREPARE is session state: a rolled-back transaction keeps it
    cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * len(params))})", params)


@cache
def _statement_name(sql: str) -> str:
    return "portal_" + hashlib.sha256(sql.encode()).hexdigest()[:16]


@cache
def _numbered(sql: str) -> str:
    """``%s`` placeholders as PostgreSQL's ``$1, $2, …``."""
    counter = iter(range(1, sql.count("%s") + 1))
    return re.sub("%s", lambda _m: f"${next(counter)}", sql)
