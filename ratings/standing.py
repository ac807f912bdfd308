"""How an enterprise (and a compound) stands, as the public may read it: its published star
rating and year, its credit grade on a day, and whether the latest published red and black
lists of the jurisdictions above it name it. Shown on the compound's and the enterprise's public
pages through :mod:`core.panels` (``projects`` and ``enterprises`` do not import ``ratings``).

Only published facts: a star in force after publication (later downgrades included), lists in
the ``published`` state (a corrected list by its correction), credit records, which come from
published lists, substantiated complaints, overdue orders, summons and recorded penalties.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Value
from django.utils import timezone

from core.quarters import Quarter

from . import credit, stars
from .choices import ListStatus, ListSubject
from .models import ListEdition, ListEntry


@dataclass
class ListStanding:
    """The latest quarter whose lists were published for the jurisdictions above a subject, and
    the entries of those lists naming it (none: not listed that quarter)."""

    period: Quarter
    entries: list = field(default_factory=list)

    @property
    def colors(self) -> list[str]:
        return sorted({e.color for e in self.entries}, key=["red", "black"].index)


def _editions_above(region_path: str, subject: str):
    """Published lists of ``subject`` for ``region_path``'s region or a region above it."""
    return (
        ListEdition.objects.filter(status=ListStatus.PUBLISHED, subject=subject)
        .alias(subject_path=Value(region_path))
        .filter(subject_path__startswith=F("region__path"))
    )


def list_standing(region_path: str, subject: str, **named) -> ListStanding | None:
    """The lists of the latest quarter published above ``region_path`` and their entries naming
    the subject (``enterprise=…`` or ``project=…``); None when no list was ever published there."""
    editions = _editions_above(region_path, subject)
    latest = editions.order_by("-run__year", "-run__quarter").values_list("run__year", "run__quarter").first()
    if latest is None:
        return None
    year, number = latest
    entries = (
        ListEntry.objects.filter(edition__in=editions.filter(run__year=year, run__quarter=number), **named)
        .select_related("edition__region")
        .order_by("color", "edition__region__path")
    )
    return ListStanding(Quarter(year, number), list(entries))


def enterprise_standing(enterprise, today: dt.date | None = None) -> dict:
    """The public facts of an enterprise's rating (each with the period it is for)."""
    today = today or timezone.localdate()
    score = credit.score_on(enterprise.pk, today)
    return {
        "enterprise": enterprise,
        "star": stars.published_for(enterprise).first(),
        "credit_score": score,
        "credit_grade": credit.grade(score),
        "credit_day": today,
        "lists": list_standing(enterprise.region.path, ListSubject.ENTERPRISE, enterprise=enterprise),
    }


def enterprise_panel(enterprise) -> dict:
    """The enterprise's public page: its standing."""
    return {"standing": enterprise_standing(enterprise)}


def project_panel(project) -> dict | None:
    """A compound's public page: its own place on the project lists and its manager's standing
    (nothing for a compound without an enterprise: no one is rated)."""
    if project.enterprise is None:
        return None
    return {
        "project": project,
        "project_lists": list_standing(project.region.path, ListSubject.PROJECT, project=project),
        "standing": enterprise_standing(project.enterprise),
    }
