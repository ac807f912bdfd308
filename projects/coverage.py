"""Coverage of property management (物业管理覆盖率) per region, computed from the projects.

Professional coverage = projects under professional management / all projects; managed
coverage = projects that are not unmanaged / all projects. Shares are percentages rounded half
up to two decimals, as the bureau's reports print them (176 of 1115 → 15.78%).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, Value, When

from core.replica import using_replica
from regions.models import Region

from .choices import ManagementMode
from .models import Project

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def percentage(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in percent, rounded half up to 0.01; None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Coverage:
    """Counts of projects by management mode for one region, with the derived shares."""

    region: Region | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ManagementMode.values, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, mode: str) -> Decimal | None:
        return percentage(self.counts[mode], self.total)

    @property
    def professional_coverage(self) -> Decimal | None:
        return percentage(self.counts[ManagementMode.PROFESSIONAL], self.total)

    @property
    def managed_coverage(self) -> Decimal | None:
        return percentage(self.total - self.counts[ManagementMode.UNMANAGED], self.total)

    @property
    def modes(self) -> list[dict]:
        """One row per management mode: value, label, count and share (for templates)."""
        return [
            {"mode": mode, "label": label, "count": self.counts[mode], "share": self.share(mode)}
            for mode, label in ManagementMode.choices
        ]

    def as_dict(self) -> dict:
        return {
            "region": self.region.code if self.region else None,
            "region_name": self.region.name if self.region else None,
            "total": self.total,
            "counts": dict(self.counts),
            "shares": {mode: self.share(mode) for mode in ManagementMode.values},
            "professional_coverage": self.professional_coverage,
            "managed_coverage": self.managed_coverage,
        }


@dataclass
class CoverageReport:
    """Coverage of a region (or of everything a user sees) and of each of its child regions."""

    region: Region | None
    overall: Coverage
    children: list[Coverage]


def coverage_report(projects, region: Region | None, children) -> CoverageReport:
    """Coverage of ``projects`` inside ``region`` and broken down by ``children``.

    ``projects`` is a project queryset already scoped to the user; ``children`` the regions to
    break down by (the region's child regions, or the top regions a user sees when ``region``
    is None). The counting is one grouped query whatever the number of children.
    """
    children = list(children)
    if region is not None:
        projects = projects.within(region)
    bucket = Case(
        *[When(region__path__startswith=child.path, then=Value(child.code)) for child in children],
        default=Value(""),
        output_field=CharField(),
    )
    rows = projects.order_by().annotate(bucket=bucket).values("bucket", "management_mode").annotate(n=Count("id"))
    overall = Coverage(region)
    by_code = {child.code: Coverage(child) for child in children}
    for row in rows:
        overall.counts[row["management_mode"]] += row["n"]
        if row["bucket"]:
            by_code[row["bucket"]].counts[row["management_mode"]] += row["n"]
    return CoverageReport(region=region, overall=overall, children=[by_code[c.code] for c in children])


@using_replica()  # statistics: a replica a few seconds behind is good enough
def coverage_for_user(user, region: Region | None = None) -> CoverageReport:
    """The coverage report a user may see: their region (or ``region`` inside it) by child.

    With no region, the top of the user's visible tree: their home region, or every city for
    an administrator.
    """
    projects = Project.objects.visible_to(user)
    regions = Region.objects.visible_to(user)
    if region is None and user.region_id and not user.sees_everything:
        region = user.region
    if region is None:
        children = regions.filter(parent__isnull=True)
    else:
        children = regions.filter(parent=region)
    return coverage_report(projects, region, children.order_by("code"))


def coverage_columns(report: CoverageReport) -> list:
    """The coverage table's columns for an Excel export (the region row, then each child)."""
    from django.utils.translation import gettext as _

    from core.xlsx import Column

    return [
        Column(_("区域代码"), "code", lambda c: c.region.code if c.region else ""),
        Column(_("区域"), "name", lambda c: c.region.name if c.region else _("全部")),
        Column(_("项目总数"), "total", lambda c: c.total),
        *[Column(label, mode, lambda c, mode=mode: c.counts[mode]) for mode, label in ManagementMode.choices],
        Column(_("规范化覆盖率%"), "professional", lambda c: c.professional_coverage),
        Column(_("管理覆盖率%"), "managed", lambda c: c.managed_coverage),
    ]


def coverage_rows(report: CoverageReport) -> list[Coverage]:
    return [report.overall, *report.children]
