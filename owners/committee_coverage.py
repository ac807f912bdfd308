"""Committee coverage: the projects the user may see with a committee established, one being
prepared, none (eligibility alone counts as none), and those whose renewal is overdue — read from
the cases' states and their stages' recorded due days. A project with no case at all counts by its
recorded ``owners_committee`` (the registry's value from before the portal; a case keeps it in
step from then on, ``committee_stages.mirror``). One definition, grouped two ways: per
street for the committees page (:func:`coverage`), per sub-region of the region dashboard
(:func:`coverage_by`)."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from projects.breakdown import Breakdown
from projects.choices import OwnersCommittee
from projects.models import Project

from .choices_committees import ESTABLISHED, PREPARING, CommitteeState
from .models import Committee, CommitteeStage

RENEWAL_STATES = (CommitteeState.RENEWAL_DUE, CommitteeState.RENEWING)
MEASURES = ("projects", "established", "preparing", "none", "renewal_overdue")


def _counts(projects, key, today) -> list[dict]:
    """Per ``key``: projects, established, preparing, none and renewal overdue (one query)."""
    live = Committee.objects.filter(project=OuterRef("pk")).exclude(state=CommitteeState.ENDED)
    late = CommitteeStage.objects.filter(
        committee__project=OuterRef("pk"), ended_at__isnull=True, state__in=RENEWAL_STATES, due_on__lt=today
    )
    projects = projects.annotate(
        case=Exists(Committee.objects.filter(project=OuterRef("pk"))),
        est=Exists(live.filter(state__in=ESTABLISHED)),
        prep=Exists(live.filter(state__in=PREPARING)),
        late=Exists(late),
    )
    recorded = Q(case=False)
    established = Q(est=True) | recorded & Q(owners_committee=OwnersCommittee.ESTABLISHED)
    preparing = Q(prep=True, est=False) | recorded & Q(owners_committee=OwnersCommittee.PREPARING)
    rows = (
        projects.order_by()
        .annotate(group=key)
        .values("group")
        .annotate(
            projects=Count("pk"),
            established=Count("pk", filter=established),
            preparing=Count("pk", filter=preparing),
            renewal_overdue=Count("pk", filter=Q(late=True)),
        )
        .order_by("group")
    )
    return [{**row, "none": row["projects"] - row["established"] - row["preparing"]} for row in rows]


def coverage(user, today=None) -> list[dict]:
    """Per street (the committees page), by street name."""
    today = today or timezone.localdate()
    rows = _counts(Project.objects.visible_to(user), F("region__parent__name"), today)
    return [{**row, "name": row["group"] or "—"} for row in rows if row["projects"]]


def coverage_by(user, breakdown: Breakdown, today=None) -> dict[str, dict]:
    """Per group of the dashboard's ``breakdown`` (key → the measures), with ``""`` for the
    region's projects outside its visible children; the region's total is their sum."""
    today = today or timezone.localdate()
    projects = Project.objects.visible_to(user).filter(breakdown.within())
    return {row["group"]: {m: row[m] for m in MEASURES} for row in _counts(projects, breakdown.key(), today)}
