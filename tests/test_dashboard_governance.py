"""The region dashboard's self-governance sections: committee coverage, owners' votes, maintenance
funds and public revenue overdue, per sub-region. Each measure (owners/ and funds/) is checked
against a plain-Python reference computed from the specs the rows were built from, on every
level of the breakdown and for officers of different jurisdictions (a street officer sees only
his street)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import Role
from dashboards import rollup
from funds import revenue_overdue, supervision
from funds.models import FundAccount, FundUse, LedgerEntry, RevenuePosting
from owners import committee_coverage, vote_outcomes
from owners.models import Committee, CommitteeStage, Matter, MatterResult, Vote
from projects.breakdown import breakdown_for

from .factories import EnterpriseFactory, ProjectFactory, RegionFactory, UserFactory
from .owner_rolls import unit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
TZ = timezone.get_default_timezone()
ZERO = Decimal("0.00")
# Written out here rather than imported: the reference's own reading of the rules.
ESTABLISHED = {"active", "renewal_due", "renewing", "handover"}
PREPARING = {"applied", "preparation", "first_meeting", "elected", "filing"}
LIVE_STATES = ["eligible", *sorted(PREPARING), *sorted(ESTABLISHED)]  # sorted: the same draw in every run
RUNNING_VOTE = {"noticed", "roll_posted", "open", "closed", "preliminary"}
DUE_DAYS = 30


# --- the hand-built world ------------------------------------------------------------------------


@pytest.fixture
def world(tree, users):
    """Two districts, three streets, five communities, a dozen projects with random committees,
    votes, fund ledgers, uses and revenue postings; ``specs`` is what the reference reads."""
    rng = random.Random(25)
    a2 = RegionFactory.child(tree.a, 2, name="七里山街道")
    a1b = RegionFactory.child(tree.a1, 2, name="南券门社区")
    a2a = RegionFactory.child(a2, 1, name="七里山社区")
    communities = [tree.a1a, a1b, a2a, tree.b1a]
    projects = [tree.project_a, tree.project_b]
    ent_c = EnterpriseFactory(region=tree.b, name="历下物业")
    for n in range(10):
        enterprise = rng.choice([tree.ent_a, tree.ent_b, None, ent_c])
        # The registry's committee field: what counts for a project without any case.
        recorded = rng.choice(["none", "preparing", "established"])
        projects.append(
            ProjectFactory(
                region=rng.choice(communities), enterprise=enterprise, name=f"测试项目{n}", owners_committee=recorded
            )
        )
    creator = users.city
    specs = []
    for p in projects:
        p.refresh_from_db()
        spec = SimpleNamespace(project=p, path=p.region.path, committees=[], votes=[], account=None, entries=[])
        spec.uses, spec.postings = [], []
        _committees(rng, p, spec)
        _votes(rng, p, spec, creator)
        _funds(rng, p, spec, creator)
        specs.append(spec)
    # One of each outcome for certain, whatever the random draw.
    late = ProjectFactory(region=a2a, enterprise=tree.ent_a, name="换届逾期项目")
    late.refresh_from_db()
    specs.append(SimpleNamespace(project=late, path=late.region.path, committees=[], votes=[], account=None))
    specs[-1].entries, specs[-1].uses, specs[-1].postings = [], [], []
    _committee(late, specs[-1], 1, "renewal_due", TODAY - dt.timedelta(days=1), stage_open=True)
    _certain_funds(late, specs[-1], creator)
    mid_year = dt.datetime(YEAR, 3, 1, 9, tzinfo=TZ)
    _vote(tree.project_a, specs[0], creator, "suspended", mid_year, [(True, True)])
    _vote(tree.project_a, specs[0], creator, "announced", mid_year, [(True, True), (True, True)])
    _vote(tree.project_b, specs[1], creator, "archived", mid_year, [(True, False), (False, False)])
    _vote(tree.project_b, specs[1], creator, "announced", mid_year, [(True, True), (True, False)])
    return SimpleNamespace(tree=tree, a2=a2, a1b=a1b, a2a=a2a, specs=specs, projects=projects)


def _committees(rng, p, spec):
    states = rng.choice([[], ["ended"], ["ended", rng.choice(LIVE_STATES)], [rng.choice(LIVE_STATES)]])
    for term, state in enumerate(states, 1):
        due = None
        if state in ("renewal_due", "renewing", "active") and rng.random() < 0.8:
            due = TODAY + dt.timedelta(days=rng.choice([-30, -1, 0, 1, 30]))
        stage = due is not None or rng.random() < 0.5
        _committee(p, spec, term, state, due, stage_open=rng.random() >= 0.2 if stage else None)


def _committee(p, spec, term, state, due, stage_open):
    """A committee's term in ``state`` with a stage due on ``due`` (open, ended, or none when
    ``stage_open`` is None)."""
    c = Committee.objects.create(project=p, term=term, state=state)
    if stage_open is not None:
        ended = None if stage_open else timezone.now()
        CommitteeStage.objects.create(
            committee=c, state=state, office="street", started_on=TODAY, due_on=due, ended_at=ended
        )
    spec.committees.append({"state": state, "due": due, "stage_open": bool(stage_open)})


def _votes(rng, p, spec, creator):
    for _ in range(rng.randrange(1, 5)):
        status = rng.choice(["draft", *sorted(RUNNING_VOTE), "announced", "archived", "suspended"])
        opens = None
        if status != "draft" or rng.random() < 0.5:
            year = rng.choice([YEAR - 1, YEAR, YEAR, YEAR + 1])
            # The first half hour of the year in local time is the year before in UTC.
            opens = rng.choice(
                [dt.datetime(year, 1, 1, 0, 30, tzinfo=TZ), dt.datetime(year, 6, 15, 9, tzinfo=TZ)]
                + [dt.datetime(year, 12, 31, 23, 30, tzinfo=TZ)]
            )
        results = []
        for _position in range(rng.randrange(1, 3)):
            quorum = rng.random() < 0.8
            results.append((quorum, quorum and rng.random() < 0.7))
        _vote(p, spec, creator, status, opens, results)


def _vote(p, spec, creator, status, opens, results):
    """A vote with one matter per ``results`` item ((quorum met, passed)), stored when the
    status has a result."""
    vote = Vote.objects.create(
        project=p,
        title="表决",
        status=status,
        opens_at=opens,
        quorum_num=2,
        quorum_den=3,
        majority_num=1,
        majority_den=2,
        special_num=3,
        special_den=4,
        created_by=creator,
    )
    z = Decimal(0)
    for position, (quorum, passed) in enumerate(results, 1):
        matter = Matter.objects.create(vote=vote, position=position, kind="other", title="事项")
        if status in ("preliminary", "announced", "archived"):
            MatterResult.objects.create(
                matter=matter,
                total_area=z,
                total_heads=0,
                voting_area=z,
                voting_heads=0,
                agree_area=z,
                agree_heads=0,
                disagree_area=z,
                disagree_heads=0,
                quorum_met=quorum,
                passed=passed,
            )
    stored = results if status in ("preliminary", "announced", "archived") else []
    spec.votes.append({"status": status, "opens": opens, "results": stored})


def _money(rng, low=1, high=5_000_000) -> Decimal:
    return Decimal(rng.randrange(low, high)) / 100


def _funds(rng, p, spec, creator):
    if rng.random() < 0.2:
        return
    opened = dt.date(YEAR - rng.randrange(0, 4), rng.randrange(1, 13), rng.randrange(1, 29))
    if opened > TODAY:
        opened = TODAY
    account = FundAccount.objects.create(project=p, rate=Decimal("100.00"), opened_on=opened)
    spec.account = opened
    units = [unit(p, f"{101 + n}", Decimal(rng.randrange(5000, 15000)) / 100) for n in range(2)]
    for u in units:
        rows = [("deposit", _money(rng), dt.date(rng.choice([YEAR - 1, YEAR]), 3, 1), None)]
        for _ in range(rng.randrange(0, 5)):
            kind = rng.choice(["top_up", "interest", "revenue", "use", "transfer"])
            amount = {"use": -_money(rng), "transfer": Decimal(0)}.get(kind, _money(rng))
            day = dt.date(rng.choice([YEAR - 1, YEAR, YEAR]), rng.randrange(1, 13), 1)
            rows.append((kind, amount, day, None))
        interest_years = set()
        for kind, amount, day, _use in rows:
            if kind == "interest":
                if day.year in interest_years:
                    continue
                interest_years.add(day.year)
            LedgerEntry.objects.create(
                account=account,
                unit=u,
                kind=kind,
                amount=amount,
                posted_on=day,
                year=day.year if kind == "interest" else None,
            )
            spec.entries.append({"kind": kind, "amount": amount, "posted_on": day})
    for _ in range(rng.randrange(0, 4)):
        kind = rng.choice(["ordinary", "emergency"])
        status = rng.choice(["disbursed", "disbursed", "approved", "works", "rejected"])
        cost = _money(rng, 100, 90_000_000)
        disbursed = dt.date(rng.choice([YEAR - 1, YEAR]), rng.randrange(1, 13), 1) if status == "disbursed" else None
        FundUse.objects.create(
            project=p,
            kind=kind,
            emergency="lift" if kind == "emergency" else "",
            proposer="enterprise",
            title="维修",
            items="电梯",
            budget=cost,
            cost=cost,
            status=status,
            disbursed_on=disbursed,
            created_by=creator,
        )
        spec.uses.append({"kind": kind, "status": status, "cost": cost, "disbursed_on": disbursed})
    _postings(rng, p, spec, creator)


def _certain_funds(p, spec, creator):
    """An account opened last year with this year's deposit and interest, an ordinary and an
    emergency use disbursed this year, and a posting left unspread."""
    account = FundAccount.objects.create(project=p, rate=Decimal("100.00"), opened_on=dt.date(YEAR - 1, 1, 1))
    spec.account = account.opened_on
    u = unit(p, "101", Decimal("88.50"))
    for kind, amount, year in (("deposit", Decimal("8850.00"), YEAR), ("interest", Decimal("13.27"), YEAR)):
        LedgerEntry.objects.create(
            account=account, unit=u, kind=kind, amount=amount, posted_on=dt.date(year, 1, 2), year=year
        )
        spec.entries.append({"kind": kind, "amount": amount, "posted_on": dt.date(year, 1, 2)})
    for kind, emergency, cost in (("ordinary", "", Decimal("1200.01")), ("emergency", "fire", Decimal("300.99"))):
        FundUse.objects.create(
            project=p,
            kind=kind,
            emergency=emergency,
            proposer="committee",
            title="维修",
            items="消防",
            budget=cost,
            cost=cost,
            status="disbursed",
            disbursed_on=dt.date(YEAR, 1, 3),
            created_by=creator,
        )
        spec.uses.append({"kind": kind, "status": "disbursed", "cost": cost, "disbursed_on": dt.date(YEAR, 1, 3)})
    RevenuePosting.objects.create(
        project=p,
        year=YEAR - 1,
        half=1,
        advertising=Decimal("10.00"),
        parking=Decimal(0),
        other_income=Decimal(0),
        costs=Decimal(0),
        net=Decimal("10.00"),
        status="posted",
        posted_at=timezone.now() - dt.timedelta(days=40),
        posted_until=timezone.now() - dt.timedelta(days=3),
        created_by=creator,
    )
    spec.postings.append(
        {"year": YEAR - 1, "half": 1, "status": "posted", "until": timezone.now() - dt.timedelta(days=3)}
    )


def _postings(rng, p, spec, creator):
    now = timezone.now()
    halves = [(y, h) for y in range(YEAR - 4, YEAR + 1) for h in (1, 2)]
    for year, half in rng.sample(halves, rng.randrange(0, 6)):
        status = rng.choice(["draft", "posted", "posted", "allocated", "settled"])
        until = now + dt.timedelta(days=rng.choice([-40, -3, -1, 0, 10])) if status != "draft" else None
        RevenuePosting.objects.create(
            project=p,
            year=year,
            half=half,
            advertising=Decimal("10.00"),
            parking=Decimal("5.00"),
            other_income=Decimal(0),
            costs=Decimal("1.00"),
            net=Decimal("14.00"),
            status=status,
            posted_at=now if until else None,
            posted_until=until,
            created_by=creator,
        )
        spec.postings.append({"year": year, "half": half, "status": status, "until": until})


# --- the reference ---------------------------------------------------------------------------------


def _groups(user_region_path, children_paths, spec_path):
    """The group key of a project at ``spec_path`` under the region (None: outside it)."""
    if not spec_path.startswith(user_region_path):
        return None
    for code, path in children_paths:
        if spec_path.startswith(path):
            return code
    return ""


def reference(world, viewer_path, region, children):
    """Per group: the four sections' measures for the projects under ``region`` that an officer
    whose home region is at ``viewer_path`` sees, grouped by ``children`` ((key, path) pairs;
    None: by project)."""
    out = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: 0)))
    for spec in world.specs:
        if not spec.path.startswith(viewer_path):
            continue
        if children is None:
            key = str(spec.project.pk) if spec.path.startswith(region.path) else None
        else:
            key = _groups(region.path, children, spec.path)
        if key is None:
            continue
        _reference_committees(out[key]["committees"], spec)
        _reference_votes(out[key]["votes"], spec)
        _reference_funds(out[key]["funds"], spec)
        _reference_revenue(out[key]["revenue"], spec)
    return out


def _reference_committees(row, spec):
    live = [c for c in spec.committees if c["state"] != "ended"]
    est = any(c["state"] in ESTABLISHED for c in live)
    prep = not est and any(c["state"] in PREPARING for c in live)
    if not spec.committees:  # no case: the registry's field
        est, prep = spec.project.owners_committee == "established", spec.project.owners_committee == "preparing"
    late = any(
        c["stage_open"] and c["due"] is not None and c["due"] < TODAY and c["state"] in ("renewal_due", "renewing")
        for c in spec.committees
    )
    row["projects"] += 1
    row["established"] += est
    row["preparing"] += prep
    row["none"] += not est and not prep
    row["renewal_overdue"] += late


def _reference_votes(row, spec):
    for v in spec.votes:
        if v["status"] == "draft" or v["opens"] is None or v["opens"].astimezone(TZ).year != YEAR:
            continue
        row["held"] += 1
        if v["status"] == "suspended":
            row["suspended"] += 1
        elif v["status"] in ("announced", "archived"):
            if not all(q for q, _p in v["results"]):
                row["no_quorum"] += 1
            elif all(p for _q, p in v["results"]):
                row["passed"] += 1
            else:
                row["failed"] += 1
        else:
            row["running"] += 1


def _reference_funds(row, spec):
    if spec.account is None:
        return
    row["accounts"] += 1
    for e in spec.entries:
        row["balance"] += e["amount"]
        if e["posted_on"].year == YEAR and e["kind"] in ("deposit", "top_up"):
            row["deposits"] += e["amount"]
        if e["posted_on"].year == YEAR and e["kind"] == "interest":
            row["interest"] += e["amount"]
    for u in spec.uses:
        if u["status"] == "disbursed" and u["disbursed_on"].year == YEAR:
            row["uses"] += 1
            row["uses_amount"] += u["cost"]
            if u["kind"] == "emergency":
                row["emergency"] += 1
                row["emergency_amount"] += u["cost"]


def _halves_due():
    """Every half-year (year, half) from 2000 whose due day (end + 30 days) is before today."""
    due = []
    for year in range(2000, YEAR + 1):
        for half, end in ((1, dt.date(year, 6, 30)), (2, dt.date(year, 12, 31))):
            if end + dt.timedelta(days=DUE_DAYS) < TODAY:
                due.append((year, half))
    return due


def _overdue(spec):
    """(halves not entered, latest due half not entered, postings not spread) of a project."""
    if spec.account is None or spec.project.enterprise_id is None:
        return 0, False, 0
    first = (spec.account.year, 1 if spec.account.month <= 6 else 2)
    due = [h for h in _halves_due() if h >= first]
    entered = {(p["year"], p["half"]) for p in spec.postings if p["status"] != "draft"}
    missing = [h for h in due if h not in entered]
    cutoff = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time.min, tzinfo=TZ)
    unspread = sum(1 for p in spec.postings if p["status"] == "posted" and p["until"] < cutoff)
    last = _halves_due()[-1]
    latest = last >= first and last not in entered
    return len(missing), latest, unspread


def _reference_revenue(row, spec):
    missing, _latest, unspread = _overdue(spec)
    if missing or unspread:
        row["late_projects"] += 1
        row["not_entered"] += missing
        row["not_spread"] += unspread


def _measured(user, breakdown):
    return {
        "committees": committee_coverage.coverage_by(user, breakdown, TODAY),
        "votes": vote_outcomes.outcomes_by(user, breakdown, YEAR),
        "funds": supervision.fund_totals_by(user, breakdown, YEAR),
        "revenue": revenue_overdue.overdue_by(user, breakdown, TODAY),
    }


def _compare(measured, expected):
    """Every non-zero figure of the reference is measured, and nothing else is."""
    for section, groups in measured.items():
        keys = set(groups) | {k for k in expected if any(expected[k][section].values())}
        for key in keys:
            got = {m: v for m, v in groups.get(key, {}).items() if v}
            want = {m: v for m, v in expected[key][section].items() if v}
            assert got == want, (section, key)


# --- the measures against the reference ---------------------------------------------------------


def _children(breakdown):
    return None if breakdown.by_project else [(key, path) for path, key in breakdown.paths]


@pytest.mark.parametrize(
    "viewer,region",
    [
        ("city", "city"),
        ("city", "a"),
        ("district_a", "a"),
        ("district_a", "a1"),
        ("street_a", "a1"),
        ("street_a", "a1a"),
        ("city", "b1a"),
        ("admin", "city"),
    ],
)
def test_each_measure_matches_the_reference_per_sub_region(world, users, viewer, region):
    user = getattr(users, viewer)
    region = getattr(world.tree, region)
    breakdown = breakdown_for(user, region)
    viewer_path = user.region.path if user.region_id and not user.sees_everything else ""
    expected = reference(world, viewer_path, region, _children(breakdown))
    _compare(_measured(user, breakdown), expected)
    assert sum(g["projects"] for g in _measured(user, breakdown)["committees"].values()) == sum(
        1 for s in world.specs if s.path.startswith(region.path) and s.path.startswith(viewer_path)
    )


def test_a_street_officer_counts_only_his_street_whatever_breakdown_he_is_given(world, users):
    """Measured as the street officer over the district's breakdown: only his street's group
    has figures, and they are his street's."""
    breakdown = breakdown_for(users.district_a, world.tree.a)
    measured = _measured(users.street_a, breakdown)
    expected = reference(world, world.tree.a1.path, world.tree.a, _children(breakdown))
    _compare(measured, expected)
    for section in measured.values():
        assert set(section) <= {world.tree.a1.code}
    # Of the district's streets he sees his own only.
    assert [g.key for g in breakdown_for(users.street_a, world.tree.a).groups] == [world.tree.a1.code]


def test_the_world_has_something_of_each_kind(world):
    """The random world exercises every outcome the reference distinguishes."""
    everything = reference(world, "", world.tree.city, None)
    totals = defaultdict(lambda: 0)
    for groups in everything.values():
        for section in groups.values():
            for m, v in section.items():
                totals[m] += v
    for m in ("established", "preparing", "none", "renewal_overdue", "passed", "failed", "no_quorum"):
        assert totals[m] > 0, m
    for m in ("suspended", "running", "uses", "emergency", "interest", "late_projects", "not_entered", "not_spread"):
        assert totals[m] > 0, m


def test_the_overdue_list_names_each_late_project_with_its_enterprise(world, users):
    breakdown = breakdown_for(users.district_a, world.tree.a)
    listed = revenue_overdue.overdue_projects(users.district_a, breakdown, TODAY)
    expected = {}
    for spec in world.specs:
        missing, latest, unspread = _overdue(spec)
        if spec.path.startswith(world.tree.a.path) and (missing or unspread):
            expected[spec.project.pk] = (spec.project.enterprise.name, missing, latest, unspread)
    got = {
        r["project_id"]: (r["project__enterprise__name"], r["missing"], r["latest_missing"], r["unspread"])
        for r in listed["rows"]
    }
    assert got == expected and listed["total"] == len(expected) > 0
    assert [r["missing"] for r in listed["rows"]] == sorted((r["missing"] for r in listed["rows"]), reverse=True)
    last = _halves_due()[-1]
    assert (listed["last_year"], listed["last_half"]) == last
    short = revenue_overdue.overdue_projects(users.district_a, breakdown, TODAY, limit=1)
    assert len(short["rows"]) == 1 and short["total"] == len(expected)


def test_the_due_day_of_a_half_year_is_a_setting(tree, users, settings):
    """A half-year is due ``FUNDS_REVENUE_POSTING_DUE_DAYS`` after it ends: on the due day it is
    not late yet, the day after it is; the half-year the account opened in is due, the one
    before is not; a draft is no posting."""
    FundAccount.objects.create(project=tree.project_a, rate=Decimal("100.00"), opened_on=dt.date(2025, 8, 20))
    breakdown = breakdown_for(users.city, tree.city)

    def late(today):
        return revenue_overdue.overdue_by(users.city, breakdown, today).get(tree.a.code, {}).get("not_entered", 0)

    settings.FUNDS_REVENUE_POSTING_DUE_DAYS = 30
    assert late(dt.date(2026, 1, 30)) == 0  # 2025 H2 ends 12-31: due 2026-01-30
    assert late(dt.date(2026, 1, 31)) == 1
    settings.FUNDS_REVENUE_POSTING_DUE_DAYS = 60
    assert late(dt.date(2026, 1, 31)) == 0
    assert late(dt.date(2026, 9, 1)) == 2  # 2026 H1 (ends 06-30, due 08-29) too
    RevenuePosting.objects.create(
        project=tree.project_a,
        year=2025,
        half=2,
        advertising=Decimal("1.00"),
        parking=Decimal(0),
        other_income=Decimal(0),
        costs=Decimal(0),
        net=Decimal("1.00"),
        status="draft",
        created_by=users.city,
    )
    assert late(dt.date(2026, 9, 1)) == 2
    RevenuePosting.objects.filter(project=tree.project_a).update(status="allocated")
    assert late(dt.date(2026, 9, 1)) == 1
    tree.project_a.enterprise, tree.project_a.management_mode = None, "unmanaged"  # nobody enters it
    tree.project_a.save(update_fields=["enterprise", "management_mode"])
    assert late(dt.date(2026, 9, 1)) == 0


def test_the_sections_cost_a_fixed_number_of_queries_whatever_the_number_of_projects(world, users):
    from dashboards.governance import governance

    month = dt.date(YEAR, TODAY.month, 1)
    for user, region in ((users.city, world.tree.city), (users.street_a, world.tree.a1a)):
        with CaptureQueriesContext(connection) as ctx:
            data = governance(user, region, month, TODAY)
        # breakdown, committees, votes, funds ×3, revenue by group, revenue list (+ its count)
        assert len(ctx.captured_queries) <= 9, [q["sql"][:100] for q in ctx.captured_queries]
        assert data["rows"]


def test_the_dashboard_page_shows_the_sections_for_the_officers_region(world, users, client_for):
    rollup.run()
    page = client_for(users.district_a).get(f"/dashboards/?region={world.tree.a.code}")
    html = page.content.decode()
    for title in ("业主委员会覆盖", "业主大会表决", "维修资金余额与使用", "公共收益公示逾期"):
        assert title in html
    assert world.tree.a1.name in html and world.a2.name in html and world.tree.b.name not in html
    expected = reference(world, world.tree.a.path, world.tree.a, None)
    balance = sum((g["funds"]["balance"] for g in expected.values()), ZERO)
    assert f">{balance}<" in html  # the district's total balance, in exact cents
    street = client_for(UserFactory(username="street_a2", role=Role.STREET_OFFICER, region=world.a2))
    html = street.get("/dashboards/").content.decode()
    assert world.a2a.name in html and world.tree.a1a.name not in html
    community = client_for(users.community_a).get("/dashboards/").content.decode()
    assert world.tree.project_a.name in community  # a community is broken down by project


def test_each_table_exports_to_excel_with_the_officers_scope(world, users, client_for):
    import io

    import openpyxl

    client = client_for(users.district_a)
    expected = reference(world, world.tree.a.path, world.tree.a, [(world.tree.a1.code, world.tree.a1.path)])
    expected_a2 = reference(world, world.tree.a.path, world.tree.a, [(world.a2.code, world.a2.path)])
    for table in ("committees", "votes", "funds", "revenue", "revenue_projects"):
        response = client.get(f"/dashboards/?region={world.tree.a.code}&export={table}")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), table
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert len(rows) > 1
    response = client.get(f"/dashboards/?region={world.tree.a.code}&export=funds")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {world.tree.a1.code, world.a2.code, None}  # the streets, then the total (no code)
    for code, ref in ((world.tree.a1.code, expected), (world.a2.code, expected_a2)):
        assert Decimal(str(by_code[code][3])) == ref[code]["funds"]["balance"]
    assert client.get(f"/dashboards/?region={world.tree.b.code}&export=funds").status_code == 404
