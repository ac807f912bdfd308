"""Bulk loads: millions of rows into a table without maintaining its indexes and foreign keys row by row.

COPY into a table with fifteen indexes (one of them GIN) updates every index for every row, and
each foreign key queues a check per row (Django's are ``DEFERRABLE INITIALLY DEFERRED``, so the
checks pile up until COMMIT and then run one by one). The usual way to load a lot of rows, as
PostgreSQL's "Populating a Database" advises: drop the secondary indexes and the foreign keys,
load, build each index once by sorting, and add each foreign key back, which checks all rows in one
join. Inside a transaction all of it is atomic: an error or a rollback leaves the schema as it was.

Primary keys and indexes that back a unique or exclusion constraint stay: other tables' foreign
keys rely on them, and they are what keeps the loaded rows correct as they arrive.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


def _definitions(cursor, tables: list[str]) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The tables' foreign keys (table, name, definition) and their indexes that back no constraint
    (name, definition)."""
    cursor.execute(
        """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
           FROM pg_constraint c
           WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
           ORDER BY 1, 2""",
        [tables],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
           FROM pg_index i
           WHERE i.indrelid = ANY(%s::regclass[])
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                             WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
           ORDER BY 1""",
        [tables],
    )
    return foreign_keys, cursor.fetchall()


@contextmanager
def without_indexes(*tables: str, using=connection):
    """Drop the secondary indexes and foreign keys of ``tables`` for the block, then rebuild them.

    Must run inside a transaction (``transaction.atomic()``); the rebuilt foreign keys check every
    loaded row, so a row pointing nowhere still fails the load.
    """
    if not using.in_atomic_block:
        raise RuntimeError("without_indexes() must run inside transaction.atomic()")
    qn = using.ops.quote_name
    with using.cursor() as cursor:
        foreign_keys, indexes = _definitions(cursor, list(tables))
        # Checks still queued from earlier writes in this transaction would make ALTER TABLE fail
        # ("pending trigger events"): run them now, then go back to deferring.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {qn(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with using.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {qn(name)} {definition}")
