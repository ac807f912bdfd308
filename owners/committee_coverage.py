"""Committee coverage for the bureau's page: per street, the projects the user may see with a
committee established, one being prepared, none (eligibility alone counts as none), and those
whose renewal is overdue — read from the cases' states and their stages' recorded due days."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from projects.models import Project

from .choices_committees import ESTABLISHED, PREPARING, CommitteeState
from .models import Committee, CommitteeStage

RENEWAL_STATES = (CommitteeState.RENEWAL_DUE, CommitteeState.RENEWING)


def coverage(user, today=None) -> list[dict]:
    today = today or timezone.localdate()
    live = Committee.objects.filter(project=OuterRef("pk")).exclude(state=CommitteeState.ENDED)
    late = CommitteeStage.objects.filter(
        committee__project=OuterRef("pk"), ended_at__isnull=True, state__in=RENEWAL_STATES, due_on__lt=today
    )
    projects = Project.objects.visible_to(user).annotate(
        est=Exists(live.filter(state__in=ESTABLISHED)), prep=Exists(live.filter(state__in=PREPARING)), late=Exists(late)
    )
    rows = (
        projects.order_by()
        .values("region__parent__name")
        .annotate(
            projects=Count("pk"),
            established=Count("pk", filter=Q(est=True)),
            preparing=Count("pk", filter=Q(prep=True, est=False)),
            renewal_overdue=Count("pk", filter=Q(late=True)),
        )
        .order_by("region__parent__name")
    )
    return [
        {
            **row,
            "name": row["region__parent__name"] or "—",
            "none": row["projects"] - row["established"] - row["preparing"],
        }
        for row in rows
        if row["established"] or row["preparing"] or row["projects"]
    ]
