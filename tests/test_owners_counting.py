"""Counting by area and by head (《民法典》 art. 278) on hand-built rolls, each checked against a
plain-Python reference computed from the recorded facts (the roll and the ballots): the
multi-unit owner, co-owners, the developer's units, exactly 2/3, exactly 1/2 and exactly 3/4."""

import contextlib
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from core.errors import InvalidState
from owners import ballots, counting
from owners.models import Ballot, BallotChoice, Ownership, Unit

from .owner_rolls import choices_for, hold, open_vote_on, owner, unit

QUORUM, MAJORITY, SPECIAL = Fraction(2, 3), Fraction(1, 2), Fraction(3, 4)


def reference(vote):
    """The count, from the roll and the ballots, in plain Python."""
    holders = {}
    for o in Ownership.objects.filter(unit__project=vote.project):
        key, owners = holders.get(o.unit_id, (None, set()))
        holders[o.unit_id] = ("developer" if o.developer else None, owners | {o.owner_id})
    head = {u: key or frozenset(owners) for u, (key, owners) in holders.items()}
    area = dict(Unit.objects.filter(project=vote.project).values_list("pk", "area"))
    cast = {}
    for c in BallotChoice.objects.filter(ballot__vote=vote).values("ballot__unit_id", "matter_id", "choice"):
        cast.setdefault(c["matter_id"], {})[c["ballot__unit_id"]] = c["choice"]
    total_area, total_heads = sum(area.values()), len(set(head.values()))
    out = {}
    for matter in vote.matters.all():
        answers = cast.get(matter.pk, {})
        voting_area = sum((area[u] for u in answers), Decimal(0))
        voting_heads = {head[u] for u in answers}
        # A head agrees with its whole area when all its ballots agree (mixed: for neither side).
        agree_heads = {h for h in voting_heads if all(c == "agree" for u, c in answers.items() if head[u] == h)}
        agree_area = sum((area[u] for u in answers if head[u] in agree_heads), Decimal(0))
        quorum = (
            Fraction(voting_area) / Fraction(total_area) >= QUORUM
            and Fraction(len(voting_heads), total_heads) >= QUORUM
        )
        if not voting_heads:
            agreed = False
        elif matter.special:
            agreed = (
                Fraction(agree_area) / Fraction(voting_area) >= SPECIAL
                and Fraction(len(agree_heads), len(voting_heads)) >= SPECIAL
            )
        else:
            agreed = (
                Fraction(agree_area) / Fraction(voting_area) > MAJORITY
                and Fraction(len(agree_heads), len(voting_heads)) > MAJORITY
            )
        out[matter.pk] = {
            "total_area": total_area,
            "total_heads": total_heads,
            "voting_area": voting_area,
            "voting_heads": len(voting_heads),
            "agree_area": agree_area,
            "agree_heads": len(agree_heads),
            "quorum_met": quorum,
            "passed": quorum and agreed,
        }
    return out


def counted(vote):
    return {
        t.matter_id: {
            "total_area": t.total_area,
            "total_heads": t.total_heads,
            "voting_area": t.voting_area,
            "voting_heads": t.voting_heads,
            "agree_area": t.agree_area,
            "agree_heads": t.agree_heads,
            "quorum_met": t.quorum_met,
            "passed": t.passed,
        }
        for t in counting.count(vote)
    }


def check(vote):
    result = counted(vote)
    assert result == reference(vote)
    return result


def cast(vote, who, *answers):
    return ballots.cast_online(vote, owners=[who], choices=choices_for(vote, *answers))


def test_one_owner_with_several_units_is_one_head_with_the_areas_summed(tree, users):
    p = tree.project_a
    a, b, c = (owner(p, n) for n in (1, 2, 3))
    for number in ("101", "102", "103"):
        hold(unit(p, number, "100"), a)
    hold(unit(p, "201", "50"), b)
    hold(unit(p, "202", "50"), c)
    vote = open_vote_on(p, users.street_a)
    assert len(cast(vote, a, "agree")) == 3  # one ballot per unit, cast together
    cast(vote, b, "disagree")
    (row,) = check(vote).values()
    assert (row["total_heads"], row["total_area"]) == (3, Decimal("400.00"))
    assert (row["voting_heads"], row["voting_area"], row["agree_heads"], row["agree_area"]) == (
        2,
        Decimal("350.00"),
        1,
        Decimal("300.00"),
    )
    # 2 of 3 heads: exactly 2/3 takes part; agree by area 300 > 175, by heads 1 > 1: not passed.
    assert row["quorum_met"] and not row["passed"]


def test_co_owners_are_one_head_voting_through_the_designated_one(tree, users):
    p = tree.project_a
    a, b, c = (owner(p, n) for n in (1, 2, 3))
    hold(unit(p, "101", "80"), a, b)  # a votes
    hold(unit(p, "102", "80"), (a, 50, False), (b, 50, True))  # the same two owners, b votes: same head
    hold(unit(p, "103", "80"), a)  # a alone: another head
    hold(unit(p, "104", "80"), c)
    vote = open_vote_on(p, users.street_a)
    with pytest.raises(InvalidState, match="没有由您行使表决权"):
        cast(vote, owner(p, 9), "agree")
    assert len(cast(vote, a, "agree")) == 2  # 101 and 103
    with pytest.raises(InvalidState, match="相同的表决意见"):
        cast(vote, b, "disagree")  # 102 is the same head as 101, which agreed
    cast(vote, b, "agree")
    (row,) = check(vote).values()
    assert row["total_heads"] == 3 and row["voting_heads"] == 2 and row["agree_heads"] == 2


def test_the_developer_s_unsold_units_are_one_head(tree, users):
    p = tree.project_a
    developer = owner(p, 0, name="置业公司", kind="organisation")
    for n in range(6):
        hold(unit(p, f"9{n:02d}", "100"), developer, developer=True)
    people = [owner(p, n) for n in range(1, 4)]
    for n, person in enumerate(people):
        hold(unit(p, f"10{n}", "100"), person)
    vote = open_vote_on(p, users.street_a)
    cast(vote, developer, "agree")
    cast(vote, people[0], "disagree")
    cast(vote, people[1], "disagree")
    (row,) = check(vote).values()
    assert row["total_heads"] == 4 and row["voting_heads"] == 3
    # area: 800 of 900 take part, 600 agree > 400; heads: 1 of 3 agrees: not passed.
    assert row["quorum_met"] and row["agree_area"] == Decimal("600.00") and not row["passed"]


@pytest.mark.parametrize(
    "voters, expected",
    [(2, True), (1, False)],
    ids=["exactly two thirds", "one third"],
)
def test_the_quorum_at_exactly_two_thirds(tree, users, voters, expected):
    p = tree.project_a
    people = [owner(p, n) for n in range(3)]
    for n, person in enumerate(people):
        hold(unit(p, f"10{n}", "33.33"), person)
    vote = open_vote_on(p, users.street_a)
    for person in people[:voters]:
        cast(vote, person, "agree")
    (row,) = check(vote).values()
    assert row["quorum_met"] is expected and row["passed"] is expected


def test_area_just_below_two_thirds_misses_the_quorum_though_heads_reach_it(tree, users):
    p = tree.project_a
    people = [owner(p, n) for n in range(3)]
    for person, area in zip(people, ("33.33", "33.33", "33.35"), strict=True):
        hold(unit(p, f"1{person.pk}", area), person)
    vote = open_vote_on(p, users.street_a)
    cast(vote, people[0], "agree")
    cast(vote, people[1], "agree")
    (row,) = check(vote).values()
    assert row["voting_heads"] * 3 == row["total_heads"] * 2  # heads: exactly 2/3
    assert not row["quorum_met"]  # area: 66.66 of 100.01 < 2/3


@pytest.mark.parametrize(
    "kind, agree, expected",
    [
        ("manager", 2, False),  # exactly 1/2 is not more than half
        ("manager", 3, True),
        ("raise_fund", 3, True),  # exactly 3/4 is enough for a special matter
        ("raise_fund", 2, False),
    ],
)
def test_exactly_one_half_fails_and_exactly_three_quarters_passes(tree, users, kind, agree, expected):
    p = tree.project_a
    people = [owner(p, n) for n in range(4)]
    for n, person in enumerate(people):
        hold(unit(p, f"10{n}", "90"), person)
    vote = open_vote_on(p, users.street_a, matters=[(kind, "事项")])
    for n, person in enumerate(people):
        cast(vote, person, "agree" if n < agree else "disagree")
    (row,) = check(vote).values()
    assert row["passed"] is expected


def test_abstaining_takes_part_and_counts_against(tree, users):
    p = tree.project_a
    people = [owner(p, n) for n in range(3)]
    for n, person in enumerate(people):
        hold(unit(p, f"10{n}", "50"), person)
    vote = open_vote_on(p, users.street_a, matters=[("manager", "甲"), ("covenant", "乙")])
    cast(vote, people[0], "agree", "agree")
    cast(vote, people[1], "abstain", "agree")
    first, second = check(vote).values()
    assert first["quorum_met"] and not first["passed"]  # 1 of 2 participating agree
    assert second["passed"]


def test_paper_and_online_count_a_unit_once(tree, users):
    from django.core.files.base import ContentFile

    from core.attachments import CleanAttachment

    p = tree.project_a
    a, b = owner(p, 1), owner(p, 2)
    u1, u2 = hold(unit(p, "101", "60"), a), hold(unit(p, "102", "40"), b)
    vote = open_vote_on(p, users.street_a)
    pdf = CleanAttachment(ContentFile(b"%PDF-1.4\n%%EOF\n", name="s"), "application/pdf", "选票.pdf")
    received = vote.opens_at.date()
    ballots.enter_paper(
        vote, unit=u2, choices=choices_for(vote, "agree"), scan=pdf, received_on=received, actor=users.street_a
    )
    with pytest.raises(InvalidState, match="已投票"):
        cast(vote, b, "disagree")
    cast(vote, a, "agree")
    with pytest.raises(InvalidState, match="不再计入"):
        ballots.enter_paper(
            vote, unit=u1, choices=choices_for(vote, "disagree"), scan=pdf, received_on=received, actor=users.street_a
        )
    assert Ballot.objects.filter(vote=vote).count() == 2
    (row,) = check(vote).values()
    assert row["voting_heads"] == 2 and row["passed"]


@pytest.mark.parametrize("seed", range(6))
def test_random_rolls_agree_with_the_reference(tree, users, seed):
    rng = random.Random(seed)
    p = tree.project_a
    people = [owner(p, n) for n in range(1, 16)]
    developer = owner(p, 0, name="置业公司", kind="organisation")
    for n in range(40):
        area = f"{rng.randint(30, 180)}.{rng.randrange(100):02d}"
        u = unit(p, f"{n + 1:03d}", area)
        roll = rng.random()
        if roll < 0.15:
            hold(u, developer, developer=True)
        elif roll < 0.45:
            first, second = rng.sample(people, 2)
            hold(u, first, second)
        else:
            hold(u, rng.choice(people))
    kinds = [("manager", "续聘"), ("raise_fund", "续筹维修资金"), ("other", "其他")]
    vote = open_vote_on(p, users.street_a, matters=kinds)
    for person in [developer, *people]:
        if rng.random() < 0.75:
            answers = [rng.choice(["agree", "agree", "disagree", "abstain"]) for _ in kinds]
            # Refused when a co-owned head already cast otherwise, or there is nothing to vote for.
            with contextlib.suppress(InvalidState):
                cast(vote, person, *answers)
    check(vote)
