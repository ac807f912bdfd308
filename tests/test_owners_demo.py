"""The demo's unit rolls: well-formed (one voter per unit, shares of 100 %, valid ID hashes) and
deterministic, for the projects with a committee or preparing one."""

from django.db import connection
from django.utils import timezone

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


def test_demo_committees_at_four_stages_in_the_demo_street_only(tree, client):
    from accounts.choices import Role
    from owners.choices_committees import CommitteeState, DocumentKind, MemberRole
    from owners.demo_committees import seed_committees
    from owners.models import Committee, MatterResult

    from .factories import UserFactory

    street = UserFactory(username="street", role=Role.STREET_OFFICER, region=tree.a1)
    district = UserFactory(username="district", role=Role.DISTRICT_OFFICER, region=tree.a)
    established = [
        ProjectFactory(region=tree.a1a, households=h, buildings=2, owners_committee=OwnersCommittee.ESTABLISHED)
        for h in (30, 40)
    ]
    preparing = [
        ProjectFactory(region=tree.a1a, households=h, buildings=1, owners_committee=OwnersCommittee.PREPARING)
        for h in (20, 25)
    ]
    elsewhere = ProjectFactory(region=tree.b1a, households=20, owners_committee=OwnersCommittee.PREPARING)
    ctx = SeedContext(scale=SCALES["small"], seed=1, scale_name="small")
    seed_rolls(ctx)
    seed_committees(ctx)
    cases = {c.project_id: c for c in Committee.objects.all()}
    assert set(cases) == {p.pk for p in established + preparing} and elsewhere.pk not in cases
    active, due, preparation, applied = (cases[p.pk] for p in established + preparing)
    assert (active.state, due.state, preparation.state, applied.state) == (
        CommitteeState.ACTIVE,
        CommitteeState.RENEWAL_DUE,
        CommitteeState.PREPARATION,
        CommitteeState.APPLIED,
    )
    # The active committee: elected at an announced first meeting, officers, filed by the district.
    assert active.first_meeting.status == "announced"
    results = MatterResult.objects.filter(matter__vote=active.first_meeting)
    assert results.count() == 3 and all(r.passed for r in results)
    sitting = active.members.filter(body="committee", ended_on__isnull=True)
    assert sitting.count() == active.seats == 7
    assert sitting.filter(role=MemberRole.CHAIR).count() == 1 and sitting.filter(role=MemberRole.VICE).exists()
    filing = active.documents.get(kind=DocumentKind.FILING)
    assert active.events.get(type="filed").actor == district and filing.reference
    assert active.term_ends > timezone.localdate() > active.filed_on
    # The renewal fell due and its time to begin passed.
    stage = due.current_stage
    assert stage.due_on < timezone.localdate() and stage.late
    assert due.term_ends > timezone.localdate()
    # Preparation: the group and its posted documents, an objection answered.
    assert set(preparation.documents.values_list("kind", flat=True)) >= {
        "group_list",
        "roll",
        "covenant_draft",
        "rules_draft",
        "candidates",
    }
    objection = preparation.objections.get()
    assert objection.answered_on is not None and objection.answered_on <= objection.due_on
    # Applied: waiting for the street, within its time.
    assert applied.current_stage.office == "street" and applied.current_stage.due_on >= timezone.localdate()
    assert not applied.members.exists()
    # Every step was taken by the lifecycle functions: each stage has its event.
    assert active.events.filter(type__in=["applied", "group_formed", "meeting", "elected", "officers"]).count() == 5
    assert applied.events.get(type="applied").actor == street
    for project in (established[0], preparing[0]):
        project.refresh_from_db()
    assert established[0].owners_committee == OwnersCommittee.ESTABLISHED
    assert preparing[0].owners_committee == OwnersCommittee.PREPARING
    # The compound's public page shows the committee, its term and its filed documents.
    page = client.get(f"/compound/{established[0].code}/").content.decode()
    assert filing.reference in page and str(active.term_ends.year) in page
    # Run again: nothing new (each project keeps its one case).
    seed_committees(ctx)
    assert Committee.objects.count() == 4
