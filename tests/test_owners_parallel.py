"""1,000 owners voting in the same minute on one matter, each from two devices at once, on
parallel connections: every unit is counted exactly once and nothing is lost."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection, connections

from core.errors import InvalidState
from owners import ballots, counting, identity
from owners.models import Ballot, BallotChoice, Building, Owner, Ownership, Unit, Vote

from .owner_rolls import choices_for, open_vote_on, resident_id

OWNERS = 1000
THREADS = 12


def _roll(project):
    building = Building.objects.create(project=project, name="1号楼")
    units = Unit.objects.bulk_create(
        Unit(project=project, building=building, entrance="", number=f"{n:04d}", area=Decimal("88.80"), delivered=True)
        for n in range(OWNERS)
    )
    owners = Owner.objects.bulk_create(
        Owner(
            project=project,
            name=f"业主{n}",
            id_hash=identity.id_hash(resident_id(n)),
            id_tail_hash=identity.tail_hash(resident_id(n)[-6:]),
            id_last4=resident_id(n)[-4:],
        )
        for n in range(OWNERS)
    )
    Ownership.objects.bulk_create(Ownership(unit=u, owner=o, voter=True) for u, o in zip(units, owners, strict=True))
    return owners


@pytest.mark.django_db(transaction=True)
def test_a_thousand_owners_voting_at_once_are_each_counted_once(tree, users):
    owners = _roll(tree.project_a)
    vote = open_vote_on(tree.project_a, users.street_a)
    matter = vote.matters.get()
    start = threading.Barrier(THREADS)
    outcomes = {"cast": 0, "refused": 0, "errors": []}
    lock = threading.Lock()

    def worker(chunk):
        start.wait()  # every thread starts casting together
        try:
            for owner in chunk:
                answer = "agree" if owner.pk % 3 else "disagree"
                try:
                    cast = ballots.cast_online(
                        Vote.objects.get(pk=vote.pk), owners=[owner], choices=choices_for(vote, answer)
                    )
                    with lock:
                        outcomes["cast"] += len(cast)
                except InvalidState:
                    with lock:
                        outcomes["refused"] += 1
        except Exception as error:  # noqa: BLE001  (reported below)
            with lock:
                outcomes["errors"].append(repr(error))
        finally:
            connections.close_all()

    # Each owner twice, in two different threads (a double submit from two devices).
    attempts = owners + owners[::-1]
    chunks = [attempts[i::THREADS] for i in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(worker, chunks))

    assert outcomes["errors"] == []
    assert outcomes["cast"] == OWNERS and outcomes["refused"] == OWNERS
    assert Ballot.objects.filter(vote=vote).count() == OWNERS
    assert Ballot.objects.filter(vote=vote).values("unit").distinct().count() == OWNERS
    assert BallotChoice.objects.filter(matter=matter).count() == OWNERS
    (tally,) = counting.count(vote)
    disagree = sum(1 for o in owners if o.pk % 3 == 0)
    assert (tally.voting_heads, tally.agree_heads, tally.disagree_heads) == (OWNERS, OWNERS - disagree, disagree)
    assert tally.voting_area == tally.total_area == Decimal("88.80") * OWNERS
    connection.close()
