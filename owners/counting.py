"""Counting an owners' vote by area and by head (《民法典》 art. 278), in one set-based query.

The vote is counted on its posted roll (``RollEntry``): each unit's area, and its *head* — the
owners as the law counts them: one per unit, but one person (or the same co-owners) holding
several units is one, with the areas summed, and the developer's unsold units together are one.

For each matter the query returns the roll's totals, the participating area and heads (a unit
participates with its ballot, whatever it says; abstaining is taking part), and the area and
heads that agree and disagree. A head agrees (or disagrees) with its whole area when every
ballot of its units does; one owner's units are cast alike (``owners.ballots`` refuses
otherwise), and were they not, the head would count as taking part but for neither side. The
figures never count a head twice.

The verdicts are then exact arithmetic on those figures (``Fraction``, never floats):

- quorum: participating area ≥ quorum × total area **and** participating heads ≥ quorum ×
  total heads (default 2/3, "三分之二以上");
- an ordinary matter passes with agreeing area > majority × participating area **and** agreeing
  heads > majority × participating heads (default 1/2, "过半数");
- a special matter (raising the fund, rebuilding, common parts) with ≥ special × participating
  (default 3/4, "四分之三以上");

and a matter passes only with the quorum. :func:`explain` spells the arithmetic out for the
result page, from the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import connection
from django.utils.translation import gettext as _

from core.punctuation import parenthesised

CENT = Decimal("0.01")

# Areas are summed as whole cents (``RollEntry.cents``, int4: ≤ 99,999.99 m² a unit): integer
# sums cost a fraction of numeric ones, and the figures stay exact. The roll's totals were stored on the vote when it
# was posted (frozen from the opening). Choices are ranked agree 1, disagree 2, abstain 3: a
# head agrees when its highest rank is 1, disagrees when its lowest and highest are 2.
COUNT = """
WITH heads AS (
    SELECT c.matter_id, r.head, sum(r.cents) AS cents,
           min(CASE c.choice WHEN 'agree' THEN 1 WHEN 'disagree' THEN 2 ELSE 3 END) AS low,
           max(CASE c.choice WHEN 'agree' THEN 1 WHEN 'disagree' THEN 2 ELSE 3 END) AS high
    FROM owners_ballot b
    JOIN owners_ballotchoice c ON c.ballot_id = b.id
    JOIN owners_rollentry r ON r.vote_id = b.vote_id AND r.unit_id = b.unit_id
    WHERE b.vote_id = %(vote)s
    GROUP BY c.matter_id, r.head
), matters AS (
    SELECT matter_id, sum(cents) AS cents, count(*) AS heads,
           sum(cents) FILTER (WHERE high = 1) AS agree_cents, count(*) FILTER (WHERE high = 1) AS agree_heads,
           sum(cents) FILTER (WHERE low = 2 AND high = 2) AS disagree_cents,
           count(*) FILTER (WHERE low = 2 AND high = 2) AS disagree_heads
    FROM heads GROUP BY matter_id
)
SELECT m.id, m.kind, v.roll_area * 100, v.roll_heads,
       coalesce(p.cents, 0), coalesce(p.heads, 0), coalesce(p.agree_cents, 0), coalesce(p.agree_heads, 0),
       coalesce(p.disagree_cents, 0), coalesce(p.disagree_heads, 0)
FROM owners_matter m
JOIN owners_vote v ON v.id = m.vote_id
LEFT JOIN matters p ON p.matter_id = m.id
WHERE m.vote_id = %(vote)s
ORDER BY m.position
"""


@dataclass(frozen=True)
class Tally:
    """A matter's figures and verdicts (the same fields as ``MatterResult``)."""

    matter_id: int
    special: bool
    total_area: Decimal
    total_heads: int
    voting_area: Decimal
    voting_heads: int
    agree_area: Decimal
    agree_heads: int
    disagree_area: Decimal
    disagree_heads: int
    quorum: Fraction
    threshold: Fraction

    @property
    def abstain_area(self) -> Decimal:
        return self.voting_area - self.agree_area - self.disagree_area

    @property
    def quorum_met(self) -> bool:
        return (
            self.total_heads > 0
            and self.voting_area * self.quorum.denominator >= self.total_area * self.quorum.numerator
            and self.voting_heads * self.quorum.denominator >= self.total_heads * self.quorum.numerator
        )

    def _agrees(self, agreeing, voting) -> bool:
        left, right = agreeing * self.threshold.denominator, voting * self.threshold.numerator
        return left >= right if self.special else left > right

    @property
    def agreed(self) -> bool:
        return (
            self.voting_heads > 0
            and self._agrees(self.agree_area, self.voting_area)
            and self._agrees(self.agree_heads, self.voting_heads)
        )

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.agreed


def count(vote) -> list[Tally]:
    """Every matter of ``vote`` counted (one query), in the matters' order."""
    from .choices import SPECIAL_MATTERS

    with connection.cursor() as cursor:
        cursor.execute(COUNT, {"vote": vote.pk})
        rows = cursor.fetchall()
    tallies = []
    for matter_id, kind, total, total_heads, voting, voting_heads, agree, agree_heads, disagree, disagree_heads in rows:
        special = kind in SPECIAL_MATTERS
        tallies.append(
            Tally(
                matter_id,
                special,
                _area(total),
                total_heads,
                _area(voting),
                voting_heads,
                _area(agree),
                agree_heads,
                _area(disagree),
                disagree_heads,
                quorum=vote.quorum,
                threshold=vote.special if special else vote.majority,
            )
        )
    return tallies


def _area(cents) -> Decimal:
    """Whole cents (as summed by the query) as square metres."""
    return (Decimal(int(cents)) / 100).quantize(CENT)


def tally_of(result, vote) -> Tally:
    """A stored ``MatterResult`` as a :class:`Tally`, to explain it with the vote's thresholds."""
    special = result.matter.special
    return Tally(
        result.matter_id,
        special,
        result.total_area,
        result.total_heads,
        result.voting_area,
        result.voting_heads,
        result.agree_area,
        result.agree_heads,
        result.disagree_area,
        result.disagree_heads,
        quorum=vote.quorum,
        threshold=vote.special if special else vote.majority,
    )


def _share(part, whole) -> str:
    return f"{Decimal(part) / Decimal(whole) * 100:.2f}%" if whole else "—"


def _times(whole, fraction: Fraction) -> str:
    value = Decimal(whole) * fraction.numerator / fraction.denominator
    return f"{value:,.2f}" if isinstance(whole, Decimal) else f"{value:,.2f}".rstrip("0").rstrip(".")


def explain(tally: Tally) -> list[tuple[str, str, bool]]:
    """The four checks as ``(what, arithmetic, met)``: participation by area and by head against
    the quorum, agreement by area and by head against the matter's threshold."""
    q, t = tally.quorum, tally.threshold
    relation = "≥" if tally.special else ">"
    rows = [
        (
            _("参与表决的专有部分面积"),
            f"{tally.voting_area:,.2f} m² ≥ {tally.total_area:,.2f} m² × {q} = {_times(tally.total_area, q)} m²"
            + parenthesised(_share(tally.voting_area, tally.total_area)),
            tally.voting_area * q.denominator >= tally.total_area * q.numerator,
        ),
        (
            _("参与表决的业主人数"),
            f"{tally.voting_heads} ≥ {tally.total_heads} × {q} = {_times(tally.total_heads, q)}"
            + parenthesised(_share(tally.voting_heads, tally.total_heads)),
            tally.voting_heads * q.denominator >= tally.total_heads * q.numerator,
        ),
        (
            _("同意的专有部分面积"),
            f"{tally.agree_area:,.2f} m² {relation} {tally.voting_area:,.2f} m² × {t} = "
            f"{_times(tally.voting_area, t)} m²" + parenthesised(_share(tally.agree_area, tally.voting_area)),
            tally.voting_heads > 0 and tally._agrees(tally.agree_area, tally.voting_area),
        ),
        (
            _("同意的业主人数"),
            f"{tally.agree_heads} {relation} {tally.voting_heads} × {t} = {_times(tally.voting_heads, t)}"
            + parenthesised(_share(tally.agree_heads, tally.voting_heads)),
            tally.voting_heads > 0 and tally._agrees(tally.agree_heads, tally.voting_heads),
        ),
    ]
    return rows
