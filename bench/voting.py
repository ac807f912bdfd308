"""Counting an owners' vote of a 5,000-unit project against one hand-written GROUP BY, same data,
same run.

Builds, in a throw-away database, one project with ``--units`` units (owners as the demo has
them: a few with two units, a third co-owned, some still the developer's), a vote with three
matters taken through notice and roll to open, and ballots for about 85 % of the units. Then
alternates, ``--repeats`` times each: ``owners.counting.count`` (per matter: totals, participation,
agreement and disagreement by area and by head, heads grouped as art. 278 counts them) and the
baseline, one GROUP BY of the choices joined to the roll (area and ballots per matter and choice,
no heads). Prints the median of each and their ratio; targets: ratio ≤ 2 and counting < 1 s.

    .venv/bin/python bench/voting.py [--units 5000] [--repeats 15] [--json]
"""

import argparse
import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from _common import bench_database, emit

BASELINE = """
SELECT c.matter_id, c.choice, count(*), sum(r.area)
FROM owners_ballot b
JOIN owners_ballotchoice c ON c.ballot_id = b.id
JOIN owners_rollentry r ON r.vote_id = b.vote_id AND r.unit_id = b.unit_id
WHERE b.vote_id = %s
GROUP BY c.matter_id, c.choice
"""


def build(units: int):
    """A project with its roll, an open vote on three matters and its ballots."""
    from django.db import connection
    from django.utils import timezone

    from accounts.choices import Role
    from accounts.models import User
    from owners import identity, votes
    from owners.models import Ballot, BallotChoice, Building, Owner, Ownership, RollEntry, Unit
    from projects.models import Project
    from regions.models import Region

    rng = random.Random(25)
    city = Region.objects.create(code="370100", name="济南市", level=1)
    district = Region.objects.create(code="370102", name="市中区", level=2, parent=city)
    street = Region.objects.create(code="370102001", name="大观园街道", level=3, parent=district)
    project = Project.objects.create(
        code="P-VOTE", name="阳光花园", region=street, address="经四路", households=units, management_mode="unmanaged"
    )
    officer = User.objects.create(username="street", role=Role.STREET_OFFICER, region=street)
    buildings = Building.objects.bulk_create(
        Building(project=project, name=f"{b + 1}号楼") for b in range(units // 100)
    )
    made = Unit.objects.bulk_create(
        Unit(
            project=project,
            building=buildings[n % len(buildings)],
            entrance="",
            number=f"{n:05d}",
            area=Decimal(f"{rng.randint(55, 160)}.{rng.randrange(100):02d}"),
            delivered=True,
        )
        for n in range(units)
    )
    people = Owner.objects.bulk_create(
        Owner(project=project, name=f"业主{n}", id_hash=identity.id_hash(f"ID{n}"), id_tail_hash="", id_last4="0000")
        for n in range(units + 1)
    )
    developer, people = people[0], people[1:]
    holdings, previous = [], None
    for n, unit in enumerate(made):
        if rng.random() < 0.04:
            holdings.append(Ownership(unit=unit, owner=developer, voter=True, developer=True))
        elif previous is not None and rng.random() < 0.05:
            holdings.append(Ownership(unit=unit, owner=previous, voter=True))
        elif rng.random() < 0.3:
            holdings += [
                Ownership(unit=unit, owner=people[n], share=50, voter=True),
                Ownership(unit=unit, owner=people[(n + 1) % units], share=50),
            ]
        else:
            holdings.append(Ownership(unit=unit, owner=people[n], voter=True))
            previous = people[n]
    Ownership.objects.bulk_create(holdings, batch_size=5000)
    now = timezone.now()
    kinds = [("manager", "续聘物业服务企业"), ("raise_fund", "续筹维修资金"), ("covenant", "修改管理规约")]
    vote = votes.draft(project, title="业主大会表决", matters=kinds, actor=officer)
    opens = now + dt.timedelta(days=16)
    votes.give_notice(vote, opens_at=opens, closes_at=opens + dt.timedelta(days=7), actor=officer, now=now)
    votes.post_roll(vote, actor=officer)
    votes.open_vote(vote, now=opens)
    matters = list(vote.matters.values_list("pk", flat=True))
    entries = [e for e in RollEntry.objects.filter(vote=vote) if rng.random() < 0.85]
    cast = Ballot.objects.bulk_create(
        (
            Ballot(vote=vote, unit_id=e.unit_id, channel="online", voter_id=e.voter_id, receipt=f"R{e.unit_id:011d}")
            for e in entries
        ),
        batch_size=5000,
    )
    BallotChoice.objects.bulk_create(
        (
            BallotChoice(ballot=b, matter_id=m, choice=rng.choice(["agree", "agree", "agree", "disagree", "abstain"]))
            for b in cast
            for m in matters
        ),
        batch_size=10000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return vote, len(cast)


def measure(vote, repeats: int) -> dict:
    from django.db import connection

    from owners import counting

    def ours():
        return counting.count(vote)

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE, [vote.pk])
            return cursor.fetchall()

    ours(), baseline()  # warm-up
    times = {"ours": [], "baseline": []}
    for _ in range(repeats):
        for name, run in (("ours", ours), ("baseline", baseline)):
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="also print one line: JSON {…}")
    args = parser.parse_args()
    with bench_database():
        vote, ballots = build(args.units)
        result = measure(vote, args.repeats)
    ratio = result["ours"] / result["baseline"]
    met = ratio <= 2 and result["ours"] < 1
    print(f"owners' vote counting: {args.units} units, {ballots} ballots on 3 matters, median of {args.repeats}")
    print(f"  owners.counting.count (area and heads, art. 278): {result['ours'] * 1000:8.2f} ms")
    print(f"  one GROUP BY of the choices (baseline):           {result['baseline'] * 1000:8.2f} ms")
    print(f"  ratio: {ratio:.2f} (target ≤ 2), counting < 1 s: {'yes' if result['ours'] < 1 else 'NO'}")
    print(f"  targets: {'met' if met else 'MISSED'}")
    if args.json:
        emit(
            f"voting ({args.units} units)",
            f"{result['ours'] * 1000:.1f} ms",
            f"{result['baseline'] * 1000:.1f} ms",
            ratio,
            "ratio ≤ 2, < 1 s",
            met,
        )


if __name__ == "__main__":
    main()
