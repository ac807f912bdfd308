"""Whom a committee's deadlines are told to: the officers of the office that acts, in their
portal inbox (``notifications.outbox``, stored with the change that causes it).

The committee and the preparatory group have no accounts: the community's officers act for the
committee and the street's for the group it leads, as they do for votes (``owners.permissions``).
"""

from __future__ import annotations

from accounts.models import User
from notifications import outbox
from notifications.choices import NotificationChannel
from regions.models import Region

from .choices_committees import Office

# The portal role that acts for each office, and the one that supervises it.
ROLES = {
    Office.STREET: "street",
    Office.GROUP: "street",
    Office.COMMITTEE: "community",
    Office.COMMUNITY: "community",
    Office.DISTRICT: "district",
}
SUPERVISORS = {"street": "district", "community": "street", "district": "district"}


def officers(project, role: str):
    """The active officers of ``role`` whose region contains the project's."""
    regions = Region.objects.on_path(project.region.path)
    return User.objects.filter(role=role, region__in=regions, is_active=True)


def for_office(project, office: str, *, supervisors=False) -> list:
    role = ROLES.get(office)
    if role is None:
        return []
    users = list(officers(project, role))
    if supervisors:
        users += list(officers(project, SUPERVISORS[role]))
    return users


def tell(committee, users, subject: str, body: str) -> int:
    for user in users:
        outbox.create(channel=NotificationChannel.INBOX, recipient=user, subject=subject, body=body, target=committee)
    return len(users)
