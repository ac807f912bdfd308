"""The owners' and funds' pictures of scripts/screenshots.py (README "Owners and funds",
docs/owners.md): an owner's ballot on a phone, a vote's result with its arithmetic, a committee's
case as the street officer sees it, a project's maintenance fund as the district officer sees it,
and the compound's public page with its committee and fund panels on a phone.

The objects come from the demo (``owners.demo_votes``, ``owners.demo_committees``,
``funds.demo``): the demo street officer's (``street``) open and announced votes and committees.
"""

from __future__ import annotations

import time
from importlib import import_module

# A phone as tall as the two panels of the public page (the screen scrolled to them).
TALL_PHONE = {
    "viewport": {"width": 390, "height": 1000},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def owner_objects() -> dict:
    from accounts.models import User
    from owners.choices import VoteStatus
    from owners.choices_committees import CommitteeState
    from owners.models import Ballot, Committee, RollEntry, Vote

    street = User.objects.get(username="street")
    in_street = {"project__region__path__startswith": street.region.path}
    running = Vote.objects.filter(status=VoteStatus.OPEN, **in_street).order_by("pk").first()
    # The demo's announced vote (seeded before the committees' first meetings): two matters,
    # one of them special (three quarters).
    announced = Vote.objects.filter(status=VoteStatus.ANNOUNCED, **in_street).order_by("pk").first()
    voter = None
    if running is not None:
        voted = Ballot.objects.filter(vote=running).values("unit")
        entry = (
            RollEntry.objects.filter(vote=running, voter__kind="person")
            .exclude(voter__phone="")
            .exclude(unit__in=voted)
            .order_by("pk")
            .select_related("voter")
            .first()
        )
        voter = entry.voter if entry else None
    committees = Committee.objects.filter(**in_street).select_related("project")
    return {
        "street": street,
        "open_vote": running,
        "announced_vote": announced,
        "voter": voter,
        "preparing_committee": committees.filter(state=CommitteeState.PREPARATION).order_by("pk").first(),
        "active_committee": committees.filter(state=CommitteeState.ACTIVE).order_by("pk").first(),
    }


def owner_cookie(owner, url: str) -> dict:
    """A signed-in owner's session (``owners.signin``: the owners' ids, the phone's hash)."""
    from django.conf import settings

    from owners import identity
    from owners.signin import SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = {"ids": [owner.pk], "phone": identity.phone_hash(owner.phone), "seen": int(time.time())}
    store.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": url}


def owner_ballot(page, d):
    """The open vote as the owner sees it, the first matter answered (nothing sent)."""
    vote = d["open_vote"]
    page.goto(f"/owner/votes/{vote.pk}/")
    first = vote.matters.order_by("position").first()
    page.locator(f"input[name=matter_{first.pk}][value=agree] + label").click()


def vote_result(page, d):
    page.goto(f"/owner/votes/{d['announced_vote'].pk}/result/")


def staff_committee(page, d):
    page.goto(f"/self-governance/committees/{d['preparing_committee'].pk}/")


def funds_project(page, d):
    page.goto(f"/funds/projects/{d['active_committee'].project_id}/")


def public_compound_owners(page, d):
    """The compound with a committee in office: scrolled to its committee and fund panels."""
    page.goto(f"/compound/{d['active_committee'].project.code}/")
    heading = page.locator(".card-header").filter(has_text="业主委员会").first
    heading.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 12)")


def owner_shots(phone, desk, laptop) -> dict:
    """name → (device, who, steps, whole page); ``who`` "voter" signs the owner in."""
    return {
        "owner-ballot-phone": (phone, "voter", owner_ballot, False),
        "owner-vote-result": (laptop, None, vote_result, False),
        "staff-committee": (desk, "street", staff_committee, False),
        "funds-project": (desk, "district", funds_project, False),
        "public-compound-owners-phone": (TALL_PHONE, None, public_compound_owners, False),
    }
