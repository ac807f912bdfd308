"""A fund's totals, defined once for the public panel, the API and the dashboards: aggregates
over ledger entries (reached from the queried model through ``prefix``). Uses are stored as
negative entries; ``used`` is their amount as a positive number."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from .choices import EntryKind

DEPOSIT_KINDS = (EntryKind.DEPOSIT, EntryKind.TOP_UP)
MONEY = DecimalField(max_digits=16, decimal_places=2)


def _sum(expression, condition=None):
    return Coalesce(Sum(expression, filter=condition), Value(Decimal(0)), output_field=MONEY)


def totals(prefix: str = "", *, year: int | None = None) -> dict:
    """``balance``, ``deposits`` (first deposits and top-ups), ``interest``, ``revenue`` (public
    revenue moved in) and ``used`` (paid out for works), all time; with ``year``, also
    ``deposits_in_year``, ``interest_in_year`` and ``used_in_year`` (by the entry's posting date)."""
    amount, kind = f"{prefix}amount", f"{prefix}kind"

    def of(*kinds):
        return Q(**{f"{kind}__in": kinds})

    measures = {
        "balance": _sum(amount),
        "deposits": _sum(amount, of(*DEPOSIT_KINDS)),
        "interest": _sum(amount, of(EntryKind.INTEREST)),
        "revenue": _sum(amount, of(EntryKind.REVENUE)),
        "used": -_sum(amount, of(EntryKind.USE)),
    }
    if year is not None:
        in_year = Q(**{f"{prefix}posted_on__year": year})
        measures["deposits_in_year"] = _sum(amount, of(*DEPOSIT_KINDS) & in_year)
        measures["interest_in_year"] = _sum(amount, of(EntryKind.INTEREST) & in_year)
        measures["used_in_year"] = -_sum(amount, of(EntryKind.USE) & in_year)
    return measures
