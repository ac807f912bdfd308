"""Demo ratings for ``seed_demo``: the recent quarters scored with the default scheme by the real
job (every partition in this process), all published but the last closed one, which stays a
draft just computed — its objection window (异议) open to the enterprises and its street
evaluations open to the street officers, so that both journeys can be tried; the lists of the
last full year and the latest published quarter; that year's star ratings and honours, through
the rules functions."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db.models import Avg, Count
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from core.errors import InvalidState
from core.quarters import Quarter
from enterprises.models import Enterprise
from regions.choices import RegionLevel
from regions.models import Region

from . import credit, honours, jobs, lists, schemes, stars
from .choices import HonourKind, ListSubject, RunStatus
from .models import EnterpriseScore, ProjectScore

# Province scale scores nothing here: its seed is at the edge of its 10-minute budget already;
# score a quarter afterwards with the page or ``manage.py compute_scores --quarter 2026Q3``.
QUARTERS = {"small": 8, "city": 8, "province": 0}


def seed_ratings(ctx) -> None:
    schemes.ensure_default()  # reference data: --replace empties it with the users it points at
    quarter = Quarter.last_closed(timezone.localdate())
    quarters = []
    for _i in range(QUARTERS.get(ctx.scale_name, 0)):
        quarters.append(quarter)
        quarter = quarter.previous()
    runs = [jobs.run_all(jobs.start(period, enqueue=False)) for period in reversed(quarters)]
    # The last closed quarter stays a draft, computed now: objections and street evaluations open.
    # The job started them (nobody drafted); one officer reviews, another publishes.
    _drafter, reviewer, _publisher = officers_of(Region.objects.filter(level=RegionLevel.CITY).order_by("code").first())
    published = []
    for run in runs[:-1]:
        # History: computed just now, so an officer could not publish it before its objection
        # window closes; the seed publishes it as the system after an officer's review.
        reviewed = jobs.review(run, actor=reviewer) if reviewer is not None else run
        published.append(jobs.publish(reviewed, actor=None))
    year = last_full_year(published)
    full_year = [run for run in published if run.year == year]
    latest = [run for run in published[-1:] if run not in full_year]
    for run in [*full_year, *latest] if len(full_year) == 4 else published[-1:]:
        _publish_lists(run)
    if len(full_year) == 4:
        _stars_and_honours(ctx, year)
    credit.sync()  # the credit file follows the published lists, complaints, orders, summons and honours
    if runs:
        ctx.log(
            f"ratings: {len(published)} quarters scored and published, {runs[-1].period} a draft open to "
            f"objections and street evaluations; lists of {year} and the latest published quarter, "
            f"stars and honours of {year}"
        )
    else:
        ctx.log("ratings: no quarters scored at this scale")


def last_full_year(published) -> int:
    """The last year whose four quarters are among the ``published`` runs (oldest first): the
    year before the latest published quarter's, unless that one is a fourth quarter."""
    if not published:
        return timezone.localdate().year - 1
    latest = published[-1]
    return latest.year if latest.quarter == 4 else latest.year - 1


def officers_of(city) -> tuple:
    """The city's drafter, reviewer and publisher — three different officers, as publication by
    two officers wants (``city-staff``, ``city-reviewer`` and ``city`` in the demo) — or Nones
    when the city has fewer than three."""
    officers = list(User.objects.filter(role=Role.CITY_OFFICER, region=city, is_active=True).order_by("pk")[:3])
    if city is None or len(officers) < 3:
        return None, None, None
    publisher, drafter, reviewer = officers  # the main account first, as demo_accounts makes them
    return drafter, reviewer, publisher


def _publish_lists(run) -> None:
    """The latest quarter's lists for each city and district, drafted by rule by the city's
    clerk, reviewed by its reviewer and published by its main account."""
    for city in Region.objects.filter(level=RegionLevel.CITY):
        drafter, reviewer, publisher = officers_of(city)
        if drafter is None:
            continue
        for region in [city, *Region.objects.filter(parent=city).order_by("code")]:
            for subject in ListSubject.values:
                edition = lists.generate(run, region, subject, actor=drafter)
                lists.publish(lists.review(edition, actor=reviewer), actor=publisher)


STAR_APPLICANTS = 6  # a few per demo: most published, one awaiting publication, one awaiting review
STAFF_NAMES = ["张丽", "王强", "刘洋", "陈静", "赵敏"]


def _stars_and_honours(ctx, year: int) -> None:
    """The first city's star ratings and honours of ``year``, by the rules functions (a handful
    of rows, so the loops stay small at every scale)."""
    city = Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()
    officers = officers_of(city)
    if officers[0] is None:
        return
    means = (
        EnterpriseScore.objects.filter(
            run__year=year, run__status=RunStatus.PUBLISHED, enterprise__region__path__startswith=city.path
        )
        .values("enterprise_id")
        .annotate(n=Count("pk"), mean=Avg("score"))
        .filter(n=4)
        .order_by("-mean", "enterprise_id")
    )
    ranked = [row["enterprise_id"] for row in means]
    _stars(ranked, year, officers)
    _honours(ranked, year, city, officers)


def _applicants(ranked: list[int]) -> list[Enterprise]:
    """The demo login's enterprise and the best and middle of the rest, each with a clerk login."""
    demo_user = User.objects.filter(username="enterprise").select_related("enterprise").first()
    chosen = [demo_user.enterprise_id] if demo_user and demo_user.enterprise_id in ranked else []
    rest = [pk for pk in ranked if pk not in chosen]
    middle = len(rest) // 2
    chosen += (rest[:3] + rest[middle : middle + 3])[: STAR_APPLICANTS - len(chosen)]
    enterprises = Enterprise.objects.in_bulk(chosen)
    have_user = set(
        User.objects.filter(enterprise_id__in=chosen, role=Role.ENTERPRISE_USER, is_active=True).values_list(
            "enterprise_id", flat=True
        )
    )
    password = make_password(None)  # clerks of the other applicants do not log in to the demo
    User.objects.bulk_create(
        [
            User(
                username=f"clerk-{enterprises[pk].uscc.lower()}",
                last_name=enterprises[pk].name,
                password=password,
                role=Role.ENTERPRISE_USER,
                enterprise_id=pk,
            )
            for pk in chosen
            if pk not in have_user
        ]
    )
    return [enterprises[pk] for pk in chosen]


def _stars(ranked: list[int], year: int, officers) -> None:
    _drafter, reviewer, publisher = officers
    for n, enterprise in enumerate(_applicants(ranked)):
        clerk = User.objects.filter(enterprise=enterprise, role=Role.ENTERPRISE_USER).order_by("pk").first()
        supported = stars.evidence(enterprise, year)["level"]
        # Some ask for one star more than the rule supports: the officer grants what it supports.
        rating = stars.apply(enterprise, year, min(5, supported + n % 2), actor=clerk)
        if n == STAR_APPLICANTS - 1:
            continue  # awaiting review
        rating = stars.review(rating, actor=reviewer, grant=True)
        if n != STAR_APPLICANTS - 2:
            stars.publish(rating, actor=publisher)


def _honours(ranked: list[int], year: int, city, officers) -> None:
    """Nominations of each kind in the city (by its clerk), reviewed (by its reviewer); selected up
    to the quota, the rest turned down with the reason (by its main account); and this year's
    nominations by the demo enterprise, still open."""
    drafter, reviewer, publisher = officers
    in_city = Enterprise.objects.filter(pk__in=ranked, region__path__startswith=city.path).in_bulk()
    best = [in_city[pk] for pk in ranked if pk in in_city][:4]
    projects = list(
        ProjectScore.objects.filter(run__year=year, run__quarter=4, region_path__startswith=city.path)
        .select_related("project__region", "project__enterprise")
        .order_by("-score", "project_id")[:4]
    )
    nominees = {
        HonourKind.MODEL_ENTERPRISE: [dict(enterprise=e) for e in best[:3]],
        HonourKind.DEMONSTRATION_PROJECT: [
            dict(enterprise=s.project.enterprise, project=s.project) for s in projects[:3] if s.project.enterprise_id
        ],
        HonourKind.SERVICE_STAR: [dict(enterprise=e, person=name) for e, name in zip(best, STAFF_NAMES, strict=False)],
    }
    for kind, rows in nominees.items():
        for row in rows:
            honour = honours.nominate(
                kind=kind,
                year=year,
                region=city,
                actor=drafter,
                merits="服务规范，全年无有效投诉，业主满意度高。",
                **row,
            )
            honours.review(honour, actor=reviewer)
            try:
                honours.select(honour, actor=publisher)
            except InvalidState as beyond:  # over the quota: turned down with the base, quota and count
                honours.turn_down(honour, actor=publisher, reason=beyond.messages[0])
    clerk = User.objects.filter(username="enterprise").select_related("enterprise__region").first()
    if clerk is None or clerk.enterprise is None:
        return
    codes = clerk.enterprise.region.path.split("/")
    district = Region.objects.filter(code__in=codes, level=RegionLevel.DISTRICT).first()
    if district is not None:
        honours.nominate(
            kind=HonourKind.SERVICE_STAR,
            year=year + 1,
            region=district,
            enterprise=clerk.enterprise,
            person=STAFF_NAMES[4],
            merits="坚守一线，及时处理业主报修。",
            actor=clerk,
        )
