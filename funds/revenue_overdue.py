"""Public-revenue postings overdue (公共收益公示逾期), per sub-region of the region dashboard and as
a list of the projects with their enterprise.

Two lates, both read from recorded facts:

* **not entered** — a half-year's income must be entered (and so posted) by the enterprise within
  ``FUNDS_REVENUE_POSTING_DUE_DAYS`` (30) days after the half-year ends. Every half-year from the
  one in which the project's maintenance-fund account was opened up to the last one whose due day
  has passed is due; each without a posting (a draft is no posting) is late. Only projects with an
  account and a managing enterprise are expected to post.
* **not spread** — a posting still "posted" after its posting period (``posted_until``) ended on
  a day before yesterday: the daily sweep (``funds-settle-revenue``) should have spread the net
  over the units or closed it as the owners decided.

Half-years are numbered ``year × 2 + half − 1`` so that a range of them is one comparison.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.utils import timezone

from projects.breakdown import Breakdown

from .choices import RevenueStatus
from .models import FundAccount, RevenuePosting


def half_index(year: int, half: int) -> int:
    return year * 2 + half - 1


def half_of(index: int) -> tuple[int, int]:
    return index // 2, index % 2 + 1


def half_end(index: int) -> dt.date:
    year, half = half_of(index)
    return dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)


def due_day(index: int) -> dt.date:
    """The last day to enter the half-year: ``FUNDS_REVENUE_POSTING_DUE_DAYS`` after it ends."""
    return half_end(index) + dt.timedelta(days=settings.FUNDS_REVENUE_POSTING_DUE_DAYS)


def last_due(today: dt.date) -> int:
    """The latest half-year whose due day has passed by ``today``."""
    index = half_index(today.year, 1 if today.month <= 6 else 2)
    while due_day(index) >= today:
        index -= 1
    return index


def _overdue_accounts(user, breakdown: Breakdown, today: dt.date):
    """The accounts of the region (with a managing enterprise), each annotated with ``missing``
    (half-years due and not entered), ``latest_missing`` (the last due one among them) and
    ``unspread`` (postings not spread after their period), only those with any."""
    last = last_due(today)
    tz = timezone.get_default_timezone()
    spread_by = dt.datetime.combine(today - dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    second_half = Case(When(opened_on__month__gt=6, then=Value(1)), default=Value(0))
    first = ExpressionWrapper(ExtractYear("opened_on") * 2 + second_half, output_field=IntegerField())
    postings = (
        RevenuePosting.objects.exclude(status=RevenueStatus.DRAFT)
        .annotate(index=ExpressionWrapper(F("year") * 2 + F("half") - 1, output_field=IntegerField()))
        .filter(project=OuterRef("project"))
    )
    entered = (
        postings.filter(index__gte=OuterRef("first"), index__lte=last)
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    unspread = (
        postings.filter(status=RevenueStatus.POSTED, posted_until__lt=spread_by)
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    accounts = (
        FundAccount.objects.visible_to(user)
        .filter(breakdown.within("project__"), project__enterprise__isnull=False)
        .annotate(first=first)
        .annotate(
            missing=Greatest(Value(last) + 1 - F("first"), 0) - Coalesce(Subquery(entered), 0),
            latest_missing=Q(first__lte=last) & ~Exists(postings.filter(index=last)),
            unspread=Coalesce(Subquery(unspread), 0),
        )
    )
    return accounts.filter(Q(missing__gt=0) | Q(unspread__gt=0)), last


def overdue_by(user, breakdown: Breakdown, today: dt.date | None = None) -> dict[str, dict]:
    """Per group of ``breakdown``: projects with a late posting, half-years not entered, postings
    not spread (one grouped query)."""
    accounts, _last = _overdue_accounts(user, breakdown, today or timezone.localdate())
    rows = (
        accounts.order_by()
        .annotate(group=breakdown.key("project__"))
        .values("group")
        .annotate(late_projects=Count("pk"), not_entered=Sum("missing"), not_spread=Sum("unspread"))
    )
    return {r["group"]: {k: r[k] for k in ("late_projects", "not_entered", "not_spread")} for r in rows}


def overdue_projects(user, breakdown: Breakdown, today: dt.date | None = None, limit: int = 50) -> dict:
    """The projects with a late posting, most half-years not entered first, with their enterprise
    (at most ``limit``; ``total`` says how many there are) and the last half-year due."""
    accounts, last = _overdue_accounts(user, breakdown, today or timezone.localdate())
    rows = list(
        accounts.order_by("-missing", "-unspread", "project__name", "pk").values(
            "project_id",
            "project__code",
            "project__name",
            "project__region__name",
            "project__enterprise__name",
            "missing",
            "latest_missing",
            "unspread",
        )[:limit]
    )
    total = len(rows) if len(rows) < limit else accounts.count()
    year, half = half_of(last)
    return {"rows": rows, "total": total, "last_year": year, "last_half": half}
