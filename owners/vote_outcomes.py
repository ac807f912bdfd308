"""Owners' votes held in a year and their outcomes, per sub-region of the region dashboard.

A vote is *held* in the year its voting opens (``opens_at``, set by the notice; a draft is not
held). Its outcome, from its status and its matters' stored results:

* suspended — the street or the district bureau suspended it;
* still running — noticed, roll posted, open, closed, or its preliminary result in the objection
  period (the result is not final);
* quorum not reached — announced (or archived) and at least one matter missed the quorum;
* failed — announced, the quorum reached on every matter, at least one matter not passed;
* passed — announced and every matter passed.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from projects.breakdown import Breakdown

from .choices import VoteStatus
from .models import MatterResult, Vote

OUTCOMES = ("held", "passed", "failed", "no_quorum", "suspended", "running")
FINAL = (VoteStatus.ANNOUNCED, VoteStatus.ARCHIVED)


def year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def held(user, year: int):
    """The votes ``user`` may see whose voting opens in ``year``."""
    start, end = year_range(year)
    return Vote.objects.visible_to(user).exclude(status=VoteStatus.DRAFT).filter(opens_at__gte=start, opens_at__lt=end)


def outcomes_by(user, breakdown: Breakdown, year: int) -> dict[str, dict]:
    """Per group of ``breakdown``: votes held in ``year`` and how many of them ended each way
    (one grouped query)."""
    results = MatterResult.objects.filter(matter__vote=OuterRef("pk"))
    votes = held(user, year).filter(breakdown.within("project__"))
    votes = votes.annotate(short=Exists(results.filter(quorum_met=False)), lost=Exists(results.filter(passed=False)))
    final = Q(status__in=FINAL)
    rows = (
        votes.order_by()
        .annotate(group=breakdown.key("project__"))
        .values("group")
        .annotate(
            held=Count("pk"),
            passed=Count("pk", filter=final & Q(short=False, lost=False)),
            failed=Count("pk", filter=final & Q(short=False, lost=True)),
            no_quorum=Count("pk", filter=final & Q(short=True)),
            suspended=Count("pk", filter=Q(status=VoteStatus.SUSPENDED)),
        )
    )
    return {
        row["group"]: {
            **{k: row[k] for k in OUTCOMES if k != "running"},
            "running": row["held"] - row["passed"] - row["failed"] - row["no_quorum"] - row["suspended"],
        }
        for row in rows
    }
