"""The demo's unit rolls: well-formed (one voter per unit, shares of 100 %, valid ID hashes) and
deterministic, for the projects with a committee or preparing one."""

from django.db import connection

from core.demo import SCALES, SeedContext
from owners import identity
from owners.demo import seed_rolls
from owners.models import Owner, Ownership, Unit
from projects.choices import OwnersCommittee

from .factories import ProjectFactory


def _seed(tree, seed=1):
    ctx = SeedContext(scale=SCALES["small"], seed=seed, scale_name="small")
    seed_rolls(ctx)


def _facts():
    return sorted(Unit.objects.values_list("project__code", "building__name", "entrance", "number", "area"))


def test_demo_rolls_are_well_formed_and_deterministic(tree):
    with_committee = ProjectFactory(
        region=tree.a1a, households=120, buildings=3, owners_committee=OwnersCommittee.ESTABLISHED
    )
    preparing = ProjectFactory(region=tree.b1a, households=45, buildings=1, owners_committee=OwnersCommittee.PREPARING)
    none = ProjectFactory(region=tree.a1a, households=80, owners_committee=OwnersCommittee.NONE)
    _seed(tree)
    assert Unit.objects.filter(project=with_committee).count() == 120
    assert Unit.objects.filter(project=preparing).count() == 45
    assert not Unit.objects.filter(project=none).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM (SELECT unit_id FROM owners_ownership GROUP BY unit_id
               HAVING count(*) FILTER (WHERE voter) <> 1 OR sum(share) <> 100) bad"""
        )
        assert cursor.fetchone()[0] == 0
    assert not Unit.objects.filter(ownerships__isnull=True).exists()
    developer = Ownership.objects.filter(developer=True).select_related("owner").first()
    assert developer is None or developer.owner.kind == "organisation"
    assert all(len(o.id_hash) == 64 and len(o.id_last4) == 4 for o in Owner.objects.all())
    assert all(identity.MOBILE.fullmatch(p) for p in Owner.objects.exclude(phone="").values_list("phone", flat=True))
    first = _facts()
    Ownership.objects.all().delete()
    Unit.objects.all().delete()
    Owner.objects.all().delete()
    from owners.models import Building

    Building.objects.all().delete()
    _seed(tree)
    assert _facts() == first


def test_demo_votes_one_announced_one_open(tree):
    from accounts.choices import Role
    from owners import counting
    from owners.demo_votes import seed_votes
    from owners.models import MatterResult, Vote

    from .factories import UserFactory

    for households in (40, 30):
        ProjectFactory(
            region=tree.a1a, households=households, buildings=2, owners_committee=OwnersCommittee.ESTABLISHED
        )
    UserFactory(username="street", role=Role.STREET_OFFICER, region=tree.a1)
    ctx = SeedContext(scale=SCALES["small"], seed=1, scale_name="small")
    seed_rolls(ctx)
    seed_votes(ctx)
    announced, running = Vote.objects.order_by("pk")
    assert (announced.status, running.status) == ("announced", "open")
    stored = {r.matter_id: (r.voting_area, r.agree_heads, r.passed) for r in MatterResult.objects.all()}
    assert stored == {t.matter_id: (t.voting_area, t.agree_heads, t.passed) for t in counting.count(announced)}
    assert running.ballots.exists()
