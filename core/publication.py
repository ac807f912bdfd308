"""Publication by two officers (双人复核): whoever drafted or reviewed a list, a quarter's
scores, a star, an honours selection or a bulletin does not also publish it, and whoever
drafted it does not review it. One rule for the five publications; each publish or review
function asks it first and raises ``SecondOfficerRequired`` (a ``PermissionDenied``) with the
reason. Each confirmation page shows exactly what becomes public and who drafted and reviewed it;
its form publishes only with the ticked confirmation (``confirmed``).

A job drafts nobody: ``None`` among the earlier people is skipped (a bulletin beat drafted, a
quarter the system started). ``PORTAL_ONE_OFFICER_PUBLICATION`` lets an office with a single
officer publish alone; it is off by default.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from .permissions import StepRefused

CONFIRM_FIELD = "confirm"  # the confirmation pages' checkbox: a POST without it publishes nothing


# Refused by the two-officer rule (a rule's check in ``core.permissions``): pages show the
# reason beside the object, not a 403 page.
SecondOfficerRequired = StepRefused


def after(*fields: str):
    """A permission rule's ``check``: the two-officer rule after the people in ``fields`` of the
    object (their ``*_id`` columns), e.g. ``check=after("drafted_by_id", "reviewed_by_id")``."""

    def check(user, obj) -> str | None:
        return second_officer_refusal(user, *(getattr(obj, name) for name in fields))

    return check


def _pk(person):
    return getattr(person, "pk", person)


def second_officer_refusal(actor, *earlier_people) -> str | None:
    """The reason ``actor`` may not take the next step (review or publish) after
    ``earlier_people`` (users or their ids; ``None`` for a job), or None when they may."""
    if getattr(settings, "PORTAL_ONE_OFFICER_PUBLICATION", False) or actor is None:
        return None
    if _pk(actor) in {_pk(person) for person in earlier_people if person is not None}:
        return _("双人复核：您已起草或审核过此项，须由另一名工作人员审核或公布。")
    return None


def require_second_officer(actor, *earlier_people) -> None:
    """``second_officer_refusal`` as a check: raise ``PermissionDenied`` with the reason."""
    refusal = second_officer_refusal(actor, *earlier_people)
    if refusal:
        raise SecondOfficerRequired(refusal)


def confirmed(data) -> bool:
    """Whether a confirmation page's form (``request.POST``) carries the ticked confirmation."""
    return data.get(CONFIRM_FIELD) == "yes"


def person_row(label, person, at=None, *, nobody="") -> dict:
    """One line of a confirmation page's "who drafted / reviewed": the label, the person's name
    and login (``nobody`` when a job did it) and when."""
    if person is None:
        name = nobody or _("系统")
    else:
        name = f"{person.last_name or person.username} ({person.username})"
    return {"label": label, "name": name, "at": at}
