"""Panels an upper app adds to a lower app's page, registered in its ``AppConfig.ready``.

A page names a slot (``{% panels "public_project" project %}``); every panel registered for the
slot gets the page's object and either returns its template's context or ``None`` (nothing to
show). The compound's public page thus shows the enterprise's rating although ``projects`` knows
nothing of ``ratings``, as the menu (:mod:`core.menu`) shows every app's entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Panel:
    slot: str  # where the page shows it, e.g. "public_project"
    template: str
    context: str  # dotted path of ``f(obj) -> dict | None``; None leaves the panel out
    order: int = 50

    @property
    def context_function(self) -> Callable:
        return import_string(self.context)


_panels: list[Panel] = []


def register(*panels: Panel) -> None:
    """Add panels (idempotent: apps.ready may run twice in tests)."""
    _panels.extend(p for p in panels if p not in _panels)


def for_slot(slot: str) -> list[Panel]:
    return sorted((p for p in _panels if p.slot == slot), key=lambda p: p.order)


def contexts(slot: str, obj) -> list[tuple[str, dict]]:
    """``(template, context)`` of each panel of ``slot`` that has something to show for ``obj``."""
    shown = []
    for panel in for_slot(slot):
        context = panel.context_function(obj)
        if context is not None:
            shown.append((panel.template, context))
    return shown
