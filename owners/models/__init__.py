"""The owners' app's models, by sub-domain: the unit roll (``roll``), owners' sign-in codes
(``signin``)."""

from .roll import Building, Owner, Ownership, Unit
from .signin import SignInCode

__all__ = ["Building", "Owner", "Ownership", "SignInCode", "Unit"]
