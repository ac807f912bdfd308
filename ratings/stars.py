"""Star rating (星级评定): yearly, one to five stars. An enterprise applies for a level, the rule
gives the highest level its year supports with the evidence, an officer supervising it grants
at most that level or rejects with a reason, and the result is published. A black list of the
enterprise published later that year lowers a published star by one, once per list entry.

Default rules (the scheme's ``stars`` parameters): the mean of the year's four published
quarterly enterprise scores; 5★ at 95 or more with at least two red-list quarters and no black
list that year; 4★ at 90 and no black list; 3★ at 80; 2★ at 70; otherwise 1★.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.permissions import require
from core.quarters import Quarter, check_year

from .choices import ListColor, ListStatus, ListSubject, RunStatus, StarStatus
from .models import EnterpriseScore, ListEntry, Scheme, StarDowngrade, StarRating
from .models.stars import DOWNGRADE_REASON

DEFAULT_RULES = {
    "thresholds": {"5": 95, "4": 90, "3": 80, "2": 70},
    "five_star_red_quarters": 2,
    "quarters_required": 4,
}


def rules_of(year: int) -> dict:
    """The star rules of the scheme in force at the end of ``year``, over the defaults."""
    scheme = Scheme.objects.in_force(Quarter(year, 4))
    return {**DEFAULT_RULES, **(scheme.params.get("stars", {}) if scheme else {})}


def level_for(mean, red_quarters: int, black: bool, rules: dict = DEFAULT_RULES) -> int:
    """The star level the rule gives: a pure function of the year's facts."""
    if mean is None:
        return 1
    limits = {int(k): Decimal(str(v)) for k, v in rules["thresholds"].items()}
    if mean >= limits[5] and red_quarters >= rules["five_star_red_quarters"] and not black:
        return 5
    if mean >= limits[4] and not black:
        return 4
    return next((level for level in (3, 2) if mean >= limits[level]), 1)


def _entries(enterprise, year: int, color: str):
    return ListEntry.objects.filter(
        enterprise=enterprise,
        color=color,
        edition__subject=ListSubject.ENTERPRISE,
        edition__status=ListStatus.PUBLISHED,
        edition__run__year=year,  # a corrected list counts as corrected
    ).select_related("edition__run", "edition__region")


def evidence(enterprise, year: int) -> dict:
    """What the rule looks at, from published data only: each quarter's published enterprise
    score, the red- and black-list entries of the year, the mean and the level it supports."""
    rules = rules_of(year)
    published = EnterpriseScore.objects.filter(enterprise=enterprise, run__year=year, run__status=RunStatus.PUBLISHED)
    by_quarter = {s.run.quarter: s.score for s in published.select_related("run")}
    quarters = [(Quarter(year, n), by_quarter.get(n)) for n in range(1, 5)]
    complete = len(by_quarter) >= rules["quarters_required"]
    mean = None
    if complete:
        mean = (sum(by_quarter.values()) / Decimal(len(by_quarter))).quantize(Decimal("0.1"), ROUND_HALF_UP)
    red, black = list(_entries(enterprise, year, ListColor.RED)), list(_entries(enterprise, year, ListColor.BLACK))
    red_quarters = len({e.edition.run.quarter for e in red})
    return {
        "year": year,
        "quarters": quarters,
        "complete": complete,
        "mean": mean,
        "red": red,
        "black": black,
        "red_quarters": red_quarters,
        "level": level_for(mean, red_quarters, bool(black), rules),
        "rules": rules,
    }


def apply(enterprise, year: int, level: int, *, actor) -> StarRating:
    """An enterprise applies for ``level`` stars for ``year`` (one open application a year)."""
    require(actor, "ratings.apply_star", enterprise)
    if not 1 <= int(level) <= 5:
        raise InvalidState(_("星级为 1 至 5 星。"))
    year = check_year(year)  # attempt 9: applications for 2100 and 2001
    with transaction.atomic():
        open_ = StarRating.objects.select_for_update().filter(enterprise=enterprise, year=year)
        if open_.exclude(status=StarStatus.REJECTED).exists():
            raise InvalidState(_("%(y)d 年度已申请星级评定。") % {"y": year})
        return StarRating.objects.create(enterprise=enterprise, year=year, requested=int(level), applied_by=actor)


def review(rating: StarRating, *, actor, grant: bool, reason: str = "") -> StarRating:
    """Grant the requested level, capped at what the rule supports, or reject with a reason."""
    require(actor, "ratings.review_star", rating)
    reason = (reason or "").strip()[:2000]
    if not grant and not reason:
        raise InvalidState(_("不予评定必须写明理由。"))
    with transaction.atomic():
        locked = StarRating.objects.select_for_update().get(pk=rating.pk)
        if locked.status != StarStatus.APPLIED:
            raise InvalidState(_("只有已申请的星级评定可以审核。"))
        if grant:
            supported = evidence(locked.enterprise, locked.year)["level"]
            # Below the request without a reason: the rule's, shown as ``reason_text``.
            locked.granted = locked.stars = min(locked.requested, supported)
        locked.status = StarStatus.GRANTED if grant else StarStatus.REJECTED
        locked.reason, locked.reviewed_by, locked.reviewed_at = reason, actor, timezone.now()
        locked.save()
    return locked


def publish(rating: StarRating, *, actor) -> StarRating:
    """Publish a granted star: by an officer other than the one who reviewed (granted) it."""
    rating.refresh_from_db()
    require(actor, "ratings.publish_star", rating)
    claimed = StarRating.objects.filter(pk=rating.pk, status=StarStatus.GRANTED).update(
        status=StarStatus.PUBLISHED, published_at=timezone.now(), published_by=actor
    )
    if claimed != 1:
        raise InvalidState(_("只有已审核的星级评定可以公布。"))
    rating.refresh_from_db()
    return rating


def downgrade_for_black_lists(year: int) -> int:
    """Lower each published star of ``year`` by one for every enterprise black-list entry
    published after it; each entry is recorded, so running again changes nothing. Returns how
    many downgrades were made."""
    made = 0
    ratings = StarRating.objects.filter(year=year, status=StarStatus.PUBLISHED)
    for rating in ratings:
        later = (
            _entries(rating.enterprise_id, year, ListColor.BLACK)
            .filter(edition__published_at__gt=rating.published_at)
            .exclude(pk__in=rating.downgrades.values("entry_id"))
        )
        for entry in later:
            made += _downgrade(rating.pk, entry)
    return made


def _downgrade(rating_id: int, entry: ListEntry) -> int:
    with transaction.atomic():
        rating = StarRating.objects.select_for_update().get(pk=rating_id)
        # Once per entry, and once per quarter's list: its correction names the enterprise again.
        same_list = {"entry__edition__run": entry.edition.run_id, "entry__edition__region": entry.edition.region_id}
        if rating.downgrades.filter(entry=entry).exists() or rating.downgrades.filter(**same_list).exists():
            return 0
        to = max(1, rating.stars - 1)
        reason = DOWNGRADE_REASON % {"q": entry.edition.run.period, "r": entry.edition.region.name}
        StarDowngrade.objects.create(
            rating=rating, entry=entry, from_stars=rating.stars, to_stars=to, reason=reason[:200]
        )
        StarRating.objects.filter(pk=rating.pk).update(stars=to)
    return 1


def published_for(enterprise):
    """The enterprise's published stars, latest year first (the public credit page)."""
    return StarRating.objects.filter(enterprise=enterprise, status=StarStatus.PUBLISHED).order_by("-year")
