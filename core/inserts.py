"""One-statement inserts of a row and the rows that point at it, for the few hot write paths.

``Model.save()`` costs a query compilation and a round trip per row, plus BEGIN and COMMIT
around them. Complaint intake writes three rows (the complaint, its first event, the SMS to the
resident) on every complaint from every channel; written as one data-modifying CTE they are one
round trip, atomic on their own, with the SQL text built once per process.

The statement is prepared on the server once per connection (:mod:`core.prepared`), so each
call skips parsing and planning too.

Field values are prepared exactly as ``save()`` prepares them (``pre_save`` with ``add=True``, so
``auto_now_add`` and friends work, then ``get_db_prep_save``). No ``pre_save``/``post_save``
signals are sent, so a model with ``pre_save`` or ``post_save`` receivers is refused
(:class:`SignalsWouldBeSkipped`) instead of being written with its receivers silently skipped.
"""

from __future__ import annotations

from functools import cache

from django.db import connections, models, router
from django.db.models import signals

from .prepared import execute_prepared


class SignalsWouldBeSkipped(TypeError):
    """A model given to :func:`insert_with_children` has save receivers, which it would skip."""


def _refuse_models_with_receivers(models_: list[type[models.Model]]) -> None:
    for model in models_:
        for signal, name in ((signals.pre_save, "pre_save"), (signals.post_save, "post_save")):
            if signal.has_listeners(model):
                raise SignalsWouldBeSkipped(
                    f"{model._meta.label} has {name} receivers, which insert_with_children would skip: "
                    "write it with save() instead"
                )


@cache
def _columns(model: type[models.Model]) -> tuple[list[models.Field], str]:
    """The fields written on insert (all concrete ones but the auto primary key and the columns
    the database generates) and the table."""
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.db_returning) and not f.generated]
    return fields, meta.db_table


@cache
def _sql(parent: type[models.Model], children: tuple[tuple[type[models.Model], str], ...], using: str) -> str:
    """``WITH parent AS (INSERT … RETURNING pk), child0 AS (INSERT … VALUES ((SELECT pk FROM
    parent), …) RETURNING pk), … SELECT`` the new keys. VALUES (not INSERT … SELECT) so that
    every parameter takes its column's type."""
    qn = connections[using].ops.quote_name

    def insert(model, fk_column=None):
        fields, table = _columns(model)
        values = ["(SELECT pk FROM parent)" if f.column == fk_column else "%s" for f in fields]
        return (
            f"INSERT INTO {qn(table)} ({', '.join(qn(f.column) for f in fields)}) "
            f"VALUES ({', '.join(values)}) RETURNING {qn(model._meta.pk.column)} AS pk"
        )

    ctes = [f"parent AS ({insert(parent)})"]
    for i, (model, fk_name) in enumerate(children):
        ctes.append(f"child{i} AS ({insert(model, model._meta.get_field(fk_name).column)})")
    keys = ["(SELECT pk FROM parent)"] + [f"(SELECT pk FROM child{i})" for i in range(len(children))]
    return f"WITH {', '.join(ctes)} SELECT {', '.join(keys)}"


def _params(obj: models.Model, connection, skip_column=None) -> list:
    fields, _table = _columns(type(obj))
    return [
        field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields if field.column != skip_column
    ]


def insert_with_children(parent: models.Model, *children: tuple[models.Model, str]) -> None:
    """INSERT ``parent`` and each child (``(instance, name of its foreign key to parent, or of
    the column holding the parent's key)``) in one statement; sets their primary keys and marks
    them saved, as ``save()`` would."""
    _refuse_models_with_receivers([type(parent), *(type(child) for child, _fk in children)])
    using = router.db_for_write(type(parent))
    connection = connections[using]
    spec = tuple((type(child), fk_name) for child, fk_name in children)
    params = _params(parent, connection)
    for child, fk_name in children:
        params += _params(child, connection, skip_column=child._meta.get_field(fk_name).column)
    with connection.cursor() as cursor:
        execute_prepared(connection, cursor, _sql(type(parent), spec, using), params)
        ids = cursor.fetchone()
    parent.pk = ids[0]
    parent._state.adding, parent._state.db = False, using
    for (child, fk_name), pk in zip(children, ids[1:], strict=True):
        # A foreign key gets the parent; a plain id column (a generic relation's) its key.
        setattr(child, fk_name, parent if child._meta.get_field(fk_name).is_relation else parent.pk)
        child.pk = pk
        child._state.adding, child._state.db = False, using
