"""Searchable pickers: what the apps offer to choose from, searched by name or code.

An app registers a :class:`Picker` in its ``AppConfig.ready`` (regions, enterprises, projects
…); the framework knows none of the models. The JSON endpoint ``/pickers/<name>/?q=…`` answers
at most :data:`LIMIT` of the rows the user may see (``visible_to``), and the
:class:`core.forms.PickerSelect` widget renders a ``<select>`` that Tom Select
(``static/js/portal.js``) fills from it. A filter keeps receiving what it always received (a
region code, a credit code, an id): the picker names which of the row's keys is the value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .text import as_ids, as_int

LIMIT = 20
TERM_MAX = 100  # characters of a search term; a longer one is cut


@dataclass(frozen=True)
class Picker:
    name: str
    queryset: Callable[[object], QuerySet]  # user → the rows the user may choose from (visible_to)
    search: Callable[[str], Q]  # term → condition on those rows
    label: Callable[[object], str]  # row → text shown in the list
    keys: dict[str, str] = field(default_factory=lambda: {"id": "pk"})  # value key → attribute of the row
    order_by: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # select_related for the label
    params: dict[str, str] = field(default_factory=dict)  # query parameter → lookup narrowing the rows (a number)


_pickers: dict[str, Picker] = {}


class BadParam(ValueError):
    """A parameter the picker declares was given something other than a whole number (400)."""


def register(picker: Picker) -> None:
    _pickers[picker.name] = picker


def get(name: str) -> Picker | None:
    return _pickers.get(name)


def _rows(picker: Picker, user) -> QuerySet:
    qs = picker.queryset(user)
    if picker.related:
        qs = qs.select_related(*picker.related)
    return qs.order_by(*picker.order_by) if picker.order_by else qs


def _item(picker: Picker, row) -> dict:
    item = {key: str(getattr(row, attr)) for key, attr in picker.keys.items()}
    item["text"] = picker.label(row)
    return item


def search(name: str, user, term: str, *, limit: int = LIMIT, params: dict | None = None) -> list[dict]:
    """At most ``limit`` rows of picker ``name`` that ``user`` may see and ``term`` matches,
    narrowed by the picker's declared ``params`` (others are ignored; a declared one that is
    not a whole number is :class:`BadParam`)."""
    picker = _pickers[name]
    qs = _rows(picker, user)
    term = (term or "").strip()[:TERM_MAX]
    if term:
        qs = qs.filter(picker.search(term))
    for param, value in (params or {}).items():
        if param in picker.params:
            number = as_int(value)
            if number is None:
                raise BadParam(_("参数 %(name)s 应为不含其他字符的整数。") % {"name": param})
            qs = qs.filter(**{picker.params[param]: number})
    return [_item(picker, row) for row in qs[: min(limit, LIMIT)]]


def labels(name: str, user, key: str, values: Iterable[str]) -> dict[str, str]:
    """Value → label of the chosen ``values`` (by ``key``) that ``user`` may see; the others are
    left out, so a form never names what lies outside the user's scope."""
    picker = _pickers.get(name)
    values = [str(v) for v in values if v not in (None, "")]
    if picker is None or user is None or not values or key not in picker.keys:
        return {}
    attr = picker.keys[key]
    lookup = "pk" if attr == "pk" else attr
    if lookup == "pk":
        values = as_ids(values)
        if not values:
            return {}
    rows = _rows(picker, user).filter(**{f"{lookup}__in": values})[: LIMIT * 5]
    return {str(getattr(row, attr)): picker.label(row) for row in rows}
