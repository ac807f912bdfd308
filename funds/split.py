"""Splitting an amount by area in exact cents (largest remainder): every part is the floor of
its exact share in cents, and the cents left over go one each to the largest remainders (ties
to the earlier key), so the parts always sum to the total."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal

CENT = Decimal("0.01")


def split_by_weight(total: Decimal, weights: Mapping[Hashable, Decimal]) -> dict[Hashable, Decimal]:
    """``total`` (≥ 0, in yuan with at most two decimals) split in proportion to ``weights``
    (> 0), keys in their given order for ties."""
    total = Decimal(total)
    if total < 0 or total != total.quantize(CENT):
        raise ValueError("the total must be a non-negative amount in cents")
    if not weights:
        raise ValueError("nothing to split over")
    if any(Decimal(w) <= 0 for w in weights.values()):
        raise ValueError("every weight must be positive")
    cents = int(total * 100)
    # Integers only: weights to hundredths, shares as integer quotients and remainders.
    scaled = {key: int(Decimal(w) * 100) for key, w in weights.items()}
    whole = sum(scaled.values())
    parts = {}
    remainders = []
    for position, (key, weight) in enumerate(scaled.items()):
        quotient, remainder = divmod(cents * weight, whole)
        parts[key] = quotient
        remainders.append((-remainder, position, key))
    left = cents - sum(parts.values())
    for _, _, key in sorted(remainders)[:left]:
        parts[key] += 1
    return {key: (Decimal(value) / 100).quantize(CENT) for key, value in parts.items()}
