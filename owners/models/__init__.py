"""The owners' app's models, by sub-domain: the unit roll (``roll``), owners' sign-in codes
(``signin``), owners' votes (``votes``) and their ballots and results (``ballots``), owners' committees
(``committees``)."""

from .ballots import Ballot, BallotChoice, BallotScan, MatterResult, Objection
from .committees import (
    Committee,
    CommitteeDocument,
    CommitteeEvent,
    CommitteeMember,
    CommitteeObjection,
    CommitteeStage,
)
from .roll import Building, Owner, Ownership, Unit
from .signin import SignInCode
from .votes import Matter, RollEntry, Vote, VoteEvent

__all__ = [
    "Ballot",
    "BallotChoice",
    "BallotScan",
    "Building",
    "Committee",
    "CommitteeDocument",
    "CommitteeEvent",
    "CommitteeMember",
    "CommitteeObjection",
    "CommitteeStage",
    "Matter",
    "MatterResult",
    "Objection",
    "Owner",
    "Ownership",
    "RollEntry",
    "SignInCode",
    "Unit",
    "Vote",
    "VoteEvent",
]
