"""The sub-regions a region's figures are broken down by, as the region dashboard shows them:
a city by its districts, a district by its streets, a street by its communities, and a community
(which has no region below it) by its projects.

A measure groups its rows by :meth:`Breakdown.key` — one ``CASE`` over the children's paths (or
the project's id), so a breakdown costs one grouped query whatever the number of children — and
keeps to the region with :meth:`Breakdown.within`. Measures built on related rows (a fund's
ledger, a vote) pass the lookup that leads from their row to the project (``project__``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Cast

from regions.choices import RegionLevel
from regions.models import Region

from .models import Project


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    code: str  # the region's code to drill down to ("" for a project)


@dataclass(frozen=True)
class Breakdown:
    region: Region
    groups: tuple[Group, ...]
    paths: tuple[tuple[str, str], ...] = ()  # (child path, key) for region children
    by_project: bool = False

    def within(self, to_project: str = "") -> Q:
        return Q(**{f"{to_project}region__path__startswith": self.region.path})

    def key(self, to_project: str = ""):
        """The group key of a row (``""`` for a project in none of the visible children)."""
        if self.by_project:
            return Cast(F(f"{to_project}id"), CharField())
        whens = [When(**{f"{to_project}region__path__startswith": path}, then=Value(key)) for path, key in self.paths]
        return Case(*whens, default=Value(""), output_field=CharField())


def breakdown_for(user, region: Region) -> Breakdown:
    """``region``'s children that ``user`` may see (their projects for a community)."""
    if region.level >= RegionLevel.COMMUNITY:
        projects = Project.objects.visible_to(user).within(region).order_by("name", "pk").values_list("pk", "name")
        return Breakdown(region, tuple(Group(str(pk), name, "") for pk, name in projects), by_project=True)
    children = list(
        Region.objects.visible_to(user).filter(parent=region).order_by("code").values_list("code", "name", "path")
    )
    return Breakdown(
        region,
        tuple(Group(code, name, code) for code, name, _path in children),
        paths=tuple((path, code) for code, _name, path in children),
    )
