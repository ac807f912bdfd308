"""Committee members' seats ending, the community stepping in, and the street's orders.

A member's seat ends automatically when they are no longer an owner of the project (the daily
sweep, :func:`end_former_owners`), on resignation or another legal cause, or by the assembly's
decision (:func:`end_member`). When fewer than half of the elected seats are held, the community
(居民委员会) acts in the committee's place until the assembly fills them. The street office may
order any decision of the committee or the group corrected, with a reason
(:func:`order_correction`); the order is posted and sent to the community's inbox.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.permissions import require
from core.text import bounded

from . import committee_notes
from .choices_committees import ESTABLISHED, CommitteeEventType, CommitteeState, DocumentKind, MemberBody, MemberEnd
from .committee_stages import event, locked, text
from .models import Committee, CommitteeDocument, CommitteeMember, Ownership

SITTING = (CommitteeState.ELECTED, CommitteeState.FILING, *ESTABLISHED)


def sitting(committee):
    return CommitteeMember.objects.filter(committee=committee, body=MemberBody.COMMITTEE, ended_on__isnull=True)


def end_member(member: CommitteeMember, *, actor, reason: str, on=None, note="") -> CommitteeMember:
    """End a member's seat for ``reason`` (``MemberEnd``); the assembly's decision needs its note."""
    on = on or timezone.localdate()
    if reason not in MemberEnd.values:
        raise InvalidState(_("请选择终止原因。"))
    note = bounded((note or "").strip(), 200)
    if reason == MemberEnd.ASSEMBLY and not note:
        raise InvalidState(_("请注明业主大会的决定（表决名称或文号）。"))
    with transaction.atomic():
        committee = locked(member.committee, *SITTING)
        require(actor, "owners.manage_members", committee.project)
        return _end(committee, member, reason, on, note, actor)


def _end(committee, member, reason, on, note, actor) -> CommitteeMember:
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    if member.ended_on is not None or member.body != MemberBody.COMMITTEE:
        raise InvalidState(_("该成员已不在任。"))
    member.ended_on, member.end_reason, member.end_note = on, reason, note
    member.save(update_fields=["ended_on", "end_reason", "end_note"])
    event(committee, CommitteeEventType.MEMBER_ENDED, actor, note=f"{member.name}：{MemberEnd(reason).label}")
    below_half(committee, actor=actor)
    return member


def below_half(committee: Committee, *, actor=None) -> bool:
    """Whether fewer than half the seats are held; the community then acts in the committee's
    place (recorded once, with a message to the community's inbox)."""
    if not committee.seats or committee.community_acting:
        return committee.community_acting
    if sitting(committee).count() * 2 >= committee.seats:
        return False
    committee.community_acting = True
    committee.save(update_fields=["community_acting"])
    event(committee, CommitteeEventType.COMMUNITY_ACTING, actor)
    committee_notes.tell(
        committee,
        committee_notes.officers(committee.project, "community"),
        _("居委会代行业主委员会职责：%(p)s") % {"p": committee.project.name},
        _("%(p)s 的业主委员会在任委员已不足半数，请居民委员会代行职责并组织补选。") % {"p": committee.project.name},
    )
    return True


def end_former_owners(today=None) -> int:
    """End the seats of members who no longer own a unit of the project (the daily sweep)."""
    today = today or timezone.localdate()
    holds = Ownership.objects.filter(owner=OuterRef("owner"), unit__project=OuterRef("committee__project"))
    gone = (
        CommitteeMember.objects.filter(body=MemberBody.COMMITTEE, ended_on__isnull=True, committee__state__in=SITTING)
        .filter(owner__isnull=False)
        .exclude(Exists(holds))
        .values_list("pk", "committee_id")
    )
    ended = 0
    for pk, committee_id in list(gone):
        with transaction.atomic():
            committee = locked(Committee(pk=committee_id))
            try:
                _end(committee, CommitteeMember(pk=pk), MemberEnd.NOT_OWNER, today, "", None)
                ended += 1
            except InvalidState:
                pass  # ended meanwhile
    return ended


def order_correction(committee: Committee, *, actor, decision: str, reason: str, today=None) -> CommitteeDocument:
    """The street orders a decision of the committee (or the group) corrected, with a reason."""
    today = today or timezone.localdate()
    decision = text(decision, _("请写明须改正的决定。"), 200)
    reason = text(reason, _("请说明理由。"))
    with transaction.atomic():
        committee = locked(committee)
        require(actor, "owners.order_committee", committee.project)
        if committee.state in (CommitteeState.ELIGIBLE, CommitteeState.ENDED):
            raise InvalidState(_("该业主委员会当前没有可责令改正的决定。"))
        document = CommitteeDocument.objects.create(
            committee=committee,
            kind=DocumentKind.CORRECTION,
            title=(_("责令改正：%(d)s") % {"d": decision})[:200],
            reference=reason[:200],
            posted_on=today,
        )
        event(committee, CommitteeEventType.CORRECTION, actor, note=f"{decision}：{reason}")
        committee_notes.tell(
            committee,
            committee_notes.officers(committee.project, "community"),
            _("责令改正：%(p)s") % {"p": committee.project.name},
            _("街道办事处责令改正“%(d)s”，理由：%(r)s") % {"d": decision, "r": reason},
        )
    return document
