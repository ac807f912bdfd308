"""The owners' app's models, by sub-domain: the unit roll (``roll``)."""

from .roll import Building, Owner, Ownership, Unit

__all__ = ["Building", "Owner", "Ownership", "Unit"]
