"""The funds app's models: the maintenance fund's accounts and ledgers (``accounts``), its uses
(``uses``) and the public revenue (``revenue``)."""

from .accounts import BalanceAlert, DepositRate, FundAccount, LedgerEntry
from .revenue import RevenueObjection, RevenuePosting
from .uses import FundUse, UseDocument, UseEvent, UseShare

__all__ = [
    "BalanceAlert",
    "DepositRate",
    "FundAccount",
    "FundUse",
    "LedgerEntry",
    "RevenueObjection",
    "RevenuePosting",
    "UseDocument",
    "UseEvent",
    "UseShare",
]
