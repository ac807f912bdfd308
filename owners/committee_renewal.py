"""The renewal of an owners' committee and the hand-over to its successor.

The renewal falls due ``OWNERS_COMMITTEE_RENEWAL_MONTHS`` before the term ends (the daily sweep,
:func:`renewal_due`): the committee has ``OWNERS_COMMITTEE_ORDER_DAYS`` to begin it. If it does
not, the street office orders it with a reason and a new time limit (:func:`order_renewal`); if
it still does not, the community (居民委员会) organises it (:func:`start_renewal` by the
community). The next term's case then runs its meeting (``owners.committees``); once its
members are elected the sitting committee hands over its records and seal within
``OWNERS_COMMITTEE_HANDOVER_DAYS`` (:func:`hand_over`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.permissions import require

from .choices_committees import CommitteeEventType, CommitteeState, DocumentKind, MemberBody, Office
from .committee_stages import begin, due_after, event, locked, text
from .models import Committee, CommitteeDocument, CommitteeMember


def renewal_due(committee: Committee, *, today=None) -> Committee:
    """The renewal falls due (the sweep does it once the active stage's day has come)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        committee = locked(committee, CommitteeState.ACTIVE)
        due = due_after(today, settings.OWNERS_COMMITTEE_ORDER_DAYS)
        begin(committee, CommitteeState.RENEWAL_DUE, on=today, due_on=due, office=Office.COMMITTEE)
        event(committee, CommitteeEventType.RENEWAL_DUE, note=str(committee.term_ends))
    return committee


def order_renewal(committee: Committee, *, actor, reason: str, today=None) -> Committee:
    """The street office orders a committee that did not begin its renewal to begin it."""
    today = today or timezone.localdate()
    reason = text(reason, _("请说明理由。"))
    with transaction.atomic():
        committee = locked(committee, CommitteeState.RENEWAL_DUE)
        require(actor, "owners.order_committee", committee.project)
        stage = committee.current_stage
        if stage.office != Office.COMMITTEE or events_of(committee, CommitteeEventType.RENEWAL_ORDERED):
            raise InvalidState(_("已责令换届。"))
        due = due_after(today, settings.OWNERS_COMMITTEE_ORDER_DAYS)
        begin(committee, CommitteeState.RENEWAL_DUE, on=today, due_on=due, office=Office.COMMITTEE)
        CommitteeDocument.objects.create(
            committee=committee,
            kind=DocumentKind.CORRECTION,
            title=_("责令限期换届通知"),
            reference=reason,
            posted_on=today,
        )
        event(committee, CommitteeEventType.RENEWAL_ORDERED, actor, note=reason)
    return committee


def events_of(committee, kind) -> bool:
    return committee.events.filter(type=kind).exists()


def start_renewal(committee: Committee, *, actor, today=None) -> Committee:
    """Begin the next term's case: the committee does (an officer of the community or street
    records it for the committee), or the community organises it once the street's order has
    passed without effect or when it acts in the committee's place. Returns the new case."""
    today = today or timezone.localdate()
    with transaction.atomic():
        committee = locked(committee, CommitteeState.ACTIVE, CommitteeState.RENEWAL_DUE)
        require(actor, "owners.prepare_committee", committee.project)
        stage = committee.current_stage
        if committee.state == CommitteeState.ACTIVE and today < stage.due_on:
            raise InvalidState(_("尚未到换届时间（%(d)s 起）。") % {"d": stage.due_on})
        ordered = events_of(committee, CommitteeEventType.RENEWAL_ORDERED)
        by_community = committee.community_acting or (ordered and stage.due_on is not None and today > stage.due_on)
        office = Office.COMMUNITY if by_community else Office.COMMITTEE
        if by_community:
            require(actor, "owners.organise_renewal", committee.project)
        due = max(committee.term_ends, due_after(today, settings.OWNERS_COMMITTEE_ORDER_DAYS))
        begin(committee, CommitteeState.RENEWING, on=today, due_on=due, office=office)
        successor = Committee.objects.create(
            project=committee.project, term=committee.term + 1, predecessor=committee, delivered_share=None
        )
        begin(successor, CommitteeState.RENEWING, on=today, due_on=due, office=office)
        kind = CommitteeEventType.COMMUNITY_ORGANISES if by_community else CommitteeEventType.RENEWAL_STARTED
        event(committee, kind, actor)
        event(successor, kind, actor)
    return successor


def handover_due(committee: Committee, *, elected_on, actor=None) -> Committee:
    """The successor is elected: the sitting committee hands over within the days set."""
    committee = locked(committee, CommitteeState.RENEWING)
    due = due_after(elected_on, settings.OWNERS_COMMITTEE_HANDOVER_DAYS)
    begin(committee, CommitteeState.HANDOVER, on=elected_on, due_on=due, office=Office.COMMITTEE)
    event(committee, CommitteeEventType.HANDOVER_DUE, actor)
    return committee


def hand_over(committee: Committee, *, actor, handed_on, inventory: str) -> Committee:
    """Records, seal and property handed to the new committee: the old term ends."""
    inventory = text(inventory, _("请填写移交清单。"))
    with transaction.atomic():
        committee = locked(committee, CommitteeState.HANDOVER)
        require(actor, "owners.prepare_committee", committee.project)
        late = handed_on > committee.current_stage.due_on
        committee.handed_over_on = handed_on
        committee.save(update_fields=["handed_over_on"])
        CommitteeMember.objects.filter(committee=committee, body=MemberBody.COMMITTEE, ended_on__isnull=True).update(
            ended_on=handed_on
        )
        CommitteeDocument.objects.create(
            committee=committee,
            kind=DocumentKind.HANDOVER,
            title=_("移交清单"),
            reference=inventory[:200],
            posted_on=handed_on,
        )
        begin(committee, CommitteeState.ENDED, on=handed_on)
        event(committee, CommitteeEventType.HANDED_OVER, actor, note=_("逾期移交") if late else "")
    return committee
