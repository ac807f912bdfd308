"""The lifecycle of an owners' committee (业主委员会), one function per step.

ELIGIBLE (delivered area above ``OWNERS_COMMITTEE_ELIGIBLE_SHARE`` %) → APPLIED (the owners'
written application; the street office forms the preparatory group within
``OWNERS_COMMITTEE_GROUP_DAYS``) → PREPARATION (an odd-numbered group, owners at least half,
led by the street's representative, its list posted; the roll, the draft 管理规约 and 议事规则
and the candidates posted at least ``OWNERS_COMMITTEE_POSTING_DAYS`` before the first meeting;
objections answered within ``OWNERS_COMMITTEE_OBJECTION_DAYS``) → FIRST_MEETING (an owners'
vote, ``owners.votes``: rules and covenant adopted, the committee elected) → ELECTED (the
committee's first meeting elects the chair and vice-chairs within
``OWNERS_COMMITTEE_OFFICERS_DAYS``) → FILING (with the district bureau and the street within
``OWNERS_COMMITTEE_FILING_DAYS`` of the election) → ACTIVE (the term, at most five years).
The renewal and the hand-over are ``owners.committee_renewal``; members and the street's orders
``owners.committee_members``; reminders ``owners.committee_sweep``.

Every stage records, when it begins, the office that acts and the day it is due
(:func:`begin`): what is overdue is read from those rows. A day that falls on a rest day moves
to the next working day (《民法典》第二百零三条), on ``core.calendar``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState
from core.permissions import require
from core.text import NOTE_MAX, bounded
from projects.choices import OwnersCommittee

from .choices import MatterKind, VoteStatus
from .choices_committees import (
    PREPARATION_DOCUMENTS,
    CommitteeEventType,
    CommitteeState,
    DocumentKind,
    MemberBody,
    MemberRole,
    Office,
)
from .committee_stages import add_months, begin, due_after, event, locked, mirror, text
from .models import (
    Committee,
    CommitteeDocument,
    CommitteeMember,
    CommitteeObjection,
    MatterResult,
    Owner,
    Unit,
    Vote,
)

# The matters the first meeting must adopt (《指导规则》第十八条); a renewal elects the committee.
FIRST_MEETING_MATTERS = (MatterKind.RULES, MatterKind.COVENANT, MatterKind.COMMITTEE)
RENEWAL_MATTERS = (MatterKind.COMMITTEE,)
RENEWAL_DOCUMENTS = (DocumentKind.ROLL, DocumentKind.CANDIDATES)


def _required(committee) -> tuple[tuple, tuple]:
    """The matters the meeting decides and the documents posted before it."""
    if committee.predecessor_id:
        return RENEWAL_MATTERS, RENEWAL_DOCUMENTS
    return FIRST_MEETING_MATTERS, PREPARATION_DOCUMENTS


def delivered_share(project) -> Decimal:
    """The delivered share of the roll's exclusive area, in % (0 without a roll)."""
    units = Unit.objects.filter(project=project)
    total = units.aggregate(s=Sum("area"))["s"] or Decimal(0)
    if not total:
        return Decimal(0)
    delivered = units.filter(delivered=True).aggregate(s=Sum("area"))["s"] or Decimal(0)
    return (delivered * 100 / total).quantize(Decimal("0.01"))


def open_case(project, *, actor=None, today=None) -> Committee:
    """Record that the project may form a committee (the sweep does it; an officer may)."""
    today = today or timezone.localdate()
    if actor is not None:
        require(actor, "owners.prepare_committee", project)
    share = delivered_share(project)
    if share <= settings.OWNERS_COMMITTEE_ELIGIBLE_SHARE:
        raise InvalidState(
            _("已交付专有部分面积为 %(s)s%%，未超过 %(t)d%%，尚不具备成立业主大会的条件。")
            % {"s": share, "t": settings.OWNERS_COMMITTEE_ELIGIBLE_SHARE}
        )
    with transaction.atomic():
        if Committee.objects.filter(project=project).exclude(state=CommitteeState.ENDED).exists():
            raise InvalidState(_("该项目已有业主委员会或正在筹备。"))
        term = (Committee.objects.filter(project=project).order_by("-term").values_list("term", flat=True).first()) or 0
        committee = Committee.objects.create(project=project, term=term + 1, delivered_share=share)
        begin(committee, CommitteeState.ELIGIBLE, on=today)
        event(committee, CommitteeEventType.ELIGIBLE, actor, note=f"{share}%")
    return committee


def apply(committee: Committee, *, actor, received_on: dt.date, applicants: int, note="") -> Committee:
    """The owners' written application, received by the street office (or the community for
    it); the street forms the preparatory group within the days set."""
    if applicants < 1:
        raise ValidationError(_("请填写申请业主人数。"), code="applicants")
    with transaction.atomic():
        committee = locked(committee, CommitteeState.ELIGIBLE)
        require(actor, "owners.prepare_committee", committee.project)
        committee.applied_on, committee.applicants = received_on, applicants
        committee.save(update_fields=["applied_on", "applicants"])
        due = due_after(received_on, settings.OWNERS_COMMITTEE_GROUP_DAYS)
        begin(committee, CommitteeState.APPLIED, on=received_on, due_on=due)
        event(committee, CommitteeEventType.APPLIED, actor, note=bounded(note or "", NOTE_MAX))
        mirror(committee.project, OwnersCommittee.PREPARING)
    return committee


def form_group(committee, *, actor, leader: str, members: list[tuple[str, Owner | None, str]], formed_on) -> Committee:
    """The street office forms the preparatory group: its leader (the street's representative)
    and ``members`` ``[(name, owner or None, affiliation)]``; odd in number, owners at least
    half. Its list is posted; the first meeting is due within the preparation days."""
    leader = text(leader, _("请填写筹备组组长（街道代表）。"), 100)
    people = [(text(n, _("请填写成员姓名。"), 100), o, bounded(a or "", 100)) for n, o, a in members]
    size = len(people) + 1
    if size % 2 == 0:
        raise ValidationError(_("筹备组成员人数应为单数（现为 %(n)d 人）。") % {"n": size}, code="odd")
    owners = sum(1 for _n, o, _a in people if o is not None)
    if owners * 2 < size:
        raise ValidationError(
            _("筹备组中业主代表应不少于一半（%(o)d / %(n)d）。") % {"o": owners, "n": size}, code="owners"
        )
    with transaction.atomic():
        committee = locked(committee, CommitteeState.APPLIED)
        require(actor, "owners.form_group", committee.project)
        if any(o is not None and o.project_id != committee.project_id for _n, o, _a in people):
            raise ValidationError(_("业主代表须为本项目名册上的业主。"), code="other_project")
        street = committee.project.region.parent.name if committee.project.region.parent_id else ""
        rows = [
            CommitteeMember(
                committee=committee,
                body=MemberBody.GROUP,
                role=MemberRole.LEADER,
                name=leader,
                affiliation=street,
                started_on=formed_on,
            )
        ] + [
            CommitteeMember(
                committee=committee, body=MemberBody.GROUP, name=n, owner=o, affiliation=a, started_on=formed_on
            )
            for n, o, a in people
        ]
        CommitteeMember.objects.bulk_create(rows)
        committee.group_formed_on = formed_on
        committee.save(update_fields=["group_formed_on"])
        CommitteeDocument.objects.create(
            committee=committee,
            kind=DocumentKind.GROUP_LIST,
            title=_("业主大会筹备组成员名单"),
            reference="、".join(r.name for r in rows),
            posted_on=formed_on,
        )
        late = committee.applied_on and formed_on > committee.current_stage.due_on
        due = due_after(formed_on, settings.OWNERS_COMMITTEE_PREPARATION_DAYS)
        begin(committee, CommitteeState.PREPARATION, on=formed_on, due_on=due)
        event(committee, CommitteeEventType.GROUP_FORMED, actor, note=_("逾期成立") if late else "")
    return committee


def post_document(committee, *, actor, kind: str, title: str, posted_on, reference="", public=True):
    """Post (or file) a document of the case; the preparation's documents only while preparing."""
    if kind not in DocumentKind.values:
        raise ValidationError(_("请选择文件类别。"), code="kind")
    title = text(title, _("请填写文件标题。"), 200)
    with transaction.atomic():
        committee = locked(committee)
        require(actor, "owners.prepare_committee", committee.project)
        if kind in PREPARATION_DOCUMENTS and committee.state not in (
            CommitteeState.PREPARATION,
            CommitteeState.RENEWING,
        ):
            raise InvalidState(_("筹备文件只能在筹备阶段公示。"))
        document = CommitteeDocument.objects.create(
            committee=committee,
            kind=kind,
            title=title,
            reference=bounded(reference or "", 200),
            posted_on=posted_on,
            public=public,
        )
        event(committee, CommitteeEventType.POSTED, actor, note=title)
    return document


def receive_objection(committee, *, actor, name: str, text_: str, received_on) -> CommitteeObjection:
    """An owner's objection to what the group posted; the answer is due within the days set."""
    name = text(name, _("请填写异议人。"), 100)
    body = text(text_, _("请填写异议内容。"))
    with transaction.atomic():
        committee = locked(committee, CommitteeState.PREPARATION, CommitteeState.FIRST_MEETING)
        require(actor, "owners.prepare_committee", committee.project)
        due = due_after(received_on, settings.OWNERS_COMMITTEE_OBJECTION_DAYS)
        objection = CommitteeObjection.objects.create(
            committee=committee, name=name, text=body, received_on=received_on, due_on=due
        )
        event(committee, CommitteeEventType.OBJECTION, actor, note=name)
    return objection


def answer_objection(objection: CommitteeObjection, *, actor, answer: str, answered_on) -> CommitteeObjection:
    answer = text(answer, _("请填写答复内容。"))
    with transaction.atomic():
        committee = locked(objection.committee)
        require(actor, "owners.prepare_committee", committee.project)
        objection = CommitteeObjection.objects.select_for_update().get(pk=objection.pk)
        if objection.answered_on is not None:
            raise InvalidState(_("该异议已答复。"))
        objection.answer, objection.answered_on = answer, answered_on
        objection.save(update_fields=["answer", "answered_on"])
        late = answered_on > objection.due_on
        event(committee, CommitteeEventType.ANSWERED, actor, note=_("逾期答复") if late else objection.name)
    return objection


def _meeting_ready(committee, vote: Vote) -> None:
    """Why ``vote`` cannot be the first meeting: another project's, not announced, matters
    missing, documents posted too late, objections unanswered."""
    if vote.project_id != committee.project_id:
        raise ValidationError(_("表决须为本项目的业主大会表决。"), code="vote_project")
    if vote.status in (VoteStatus.DRAFT, VoteStatus.SUSPENDED) or vote.opens_at is None:
        raise InvalidState(_("表决须已发布公告（未中止）。"))
    matters, documents = _required(committee)
    kinds = set(vote.matters.values_list("kind", flat=True))
    missing = [MatterKind(k).label for k in matters if k not in kinds]
    if missing:
        raise ValidationError(
            _("首次业主大会会议须表决：%(m)s。") % {"m": "、".join(map(str, missing))}, code="matters"
        )
    latest = timezone.localtime(vote.opens_at).date() - dt.timedelta(days=settings.OWNERS_COMMITTEE_POSTING_DAYS)
    posted = dict(
        CommitteeDocument.objects.filter(committee=committee, kind__in=documents, posted_on__lte=latest)
        .values_list("kind", "posted_on")
        .distinct()
    )
    late = [DocumentKind(k).label for k in documents if k not in posted]
    if late:
        raise ValidationError(
            _("以下文件须在会议召开 %(d)d 日前（%(t)s 前）公示：%(k)s。")
            % {"d": settings.OWNERS_COMMITTEE_POSTING_DAYS, "t": latest, "k": "、".join(map(str, late))},
            code="posting",
        )
    if committee.objections.filter(answered_on__isnull=True).exists():
        raise InvalidState(_("尚有未答复的业主异议。"))


def hold_first_meeting(committee, *, vote: Vote, actor, today=None) -> Committee:
    """The first meeting is the owners' vote ``vote``; the case waits for its announced result."""
    today = today or timezone.localdate()
    with transaction.atomic():
        committee = locked(committee, CommitteeState.PREPARATION, CommitteeState.RENEWING)
        require(actor, "owners.prepare_committee", committee.project)
        _meeting_ready(committee, vote)
        committee.first_meeting = vote
        committee.save(update_fields=["first_meeting"])
        closes = timezone.localtime(vote.closes_at).date()
        due = due_after(closes, settings.OWNERS_VOTE_OBJECTION_DAYS + 1)
        begin(committee, CommitteeState.FIRST_MEETING, on=today, due_on=due, office=_organiser(committee))
        event(committee, CommitteeEventType.MEETING, actor, note=vote.title)
    return committee


def _organiser(committee) -> str:
    """Who organises the meeting: the group for a first committee; for a renewal the running
    stage's office (the sitting committee, or the community when it stepped in)."""
    stage = committee.current_stage
    return stage.office if stage is not None and committee.predecessor_id else Office.GROUP


def _passed(committee) -> bool:
    vote = committee.first_meeting
    results = MatterResult.objects.filter(matter__vote=vote, matter__kind__in=_required(committee)[0])
    return (
        vote.status in (VoteStatus.ANNOUNCED, VoteStatus.ARCHIVED)
        and results.exists()
        and all(r.passed for r in results)
    )


def meeting_failed(committee, *, actor, today=None) -> Committee:
    """The vote was suspended or did not adopt every matter: back to preparing."""
    today = today or timezone.localdate()
    with transaction.atomic():
        committee = locked(committee, CommitteeState.FIRST_MEETING)
        require(actor, "owners.prepare_committee", committee.project)
        vote = committee.first_meeting
        if vote.status not in (VoteStatus.SUSPENDED, VoteStatus.ANNOUNCED, VoteStatus.ARCHIVED) or _passed(committee):
            raise InvalidState(_("表决尚未结束或已通过。"))
        state = CommitteeState.RENEWING if committee.predecessor_id else CommitteeState.PREPARATION
        due = due_after(today, settings.OWNERS_COMMITTEE_PREPARATION_DAYS)
        begin(committee, state, on=today, due_on=due, office=_organiser(committee))
        event(committee, CommitteeEventType.MEETING_FAILED, actor, note=vote.title)
    return committee


def record_election(committee, *, actor, members: list[Owner], elected_on) -> Committee:
    """The members the meeting elected (owners of the project, an odd number within the seats
    set); the committee's first meeting is due within the officers' days."""
    low, high = settings.OWNERS_COMMITTEE_SEATS
    if not low <= len(members) <= high or len(members) % 2 == 0:
        raise ValidationError(
            _("业主委员会委员应为 %(l)d 至 %(h)d 人的单数（现为 %(n)d 人）。")
            % {"l": low, "h": high, "n": len(members)},
            code="seats",
        )
    if len({m.pk for m in members}) != len(members):
        raise ValidationError(_("同一业主出现多次。"), code="duplicate")
    with transaction.atomic():
        committee = locked(committee, CommitteeState.FIRST_MEETING)
        require(actor, "owners.prepare_committee", committee.project)
        if any(m.project_id != committee.project_id for m in members):
            raise ValidationError(_("委员须为本项目的业主。"), code="other_project")
        if not _passed(committee):
            raise InvalidState(_("首次业主大会会议的表决结果尚未公告，或未通过全部事项。"))
        CommitteeMember.objects.bulk_create(
            CommitteeMember(committee=committee, body=MemberBody.COMMITTEE, name=m.name, owner=m, started_on=elected_on)
            for m in members
        )
        CommitteeMember.objects.filter(committee=committee, body=MemberBody.GROUP, ended_on__isnull=True).update(
            ended_on=elected_on
        )
        committee.elected_on, committee.seats = elected_on, len(members)
        committee.save(update_fields=["elected_on", "seats"])
        due = due_after(elected_on, settings.OWNERS_COMMITTEE_OFFICERS_DAYS)
        begin(committee, CommitteeState.ELECTED, on=elected_on, due_on=due)
        event(committee, CommitteeEventType.ELECTED, actor, note="、".join(m.name for m in members))
        if committee.predecessor_id:
            from .committee_renewal import handover_due

            handover_due(committee.predecessor, elected_on=elected_on, actor=actor)
    return committee


def elect_officers(committee, *, actor, chair: CommitteeMember, vices: list[CommitteeMember], met_on) -> Committee:
    """The committee's first meeting elects its chair and vice-chairs among its members; the
    filing is due within the filing days of the election."""
    if chair in vices:
        raise ValidationError(_("主任不能同时为副主任。"), code="chair_vice")
    with transaction.atomic():
        committee = locked(committee, CommitteeState.ELECTED)
        require(actor, "owners.prepare_committee", committee.project)
        ids = {chair.pk, *(v.pk for v in vices)}
        sitting = CommitteeMember.objects.filter(
            committee=committee, body=MemberBody.COMMITTEE, ended_on__isnull=True, pk__in=ids
        )
        if sitting.count() != len(ids):
            raise ValidationError(_("主任、副主任须为本届委员。"), code="not_member")
        CommitteeMember.objects.filter(pk=chair.pk).update(role=MemberRole.CHAIR)
        CommitteeMember.objects.filter(pk__in=[v.pk for v in vices]).update(role=MemberRole.VICE)
        committee.officers_on = met_on
        committee.save(update_fields=["officers_on"])
        due = due_after(committee.elected_on, settings.OWNERS_COMMITTEE_FILING_DAYS)
        begin(committee, CommitteeState.FILING, on=met_on, due_on=due)
        late = met_on > due_after(committee.elected_on, settings.OWNERS_COMMITTEE_OFFICERS_DAYS)
        event(committee, CommitteeEventType.OFFICERS, actor, note=_("逾期选举") if late else chair.name)
    return committee


def accept_filing(committee, *, actor, filed_on, reference: str) -> Committee:
    """The district bureau (or the street) accepts the filing: the term begins from the
    election and lasts the years set; the renewal is due the months set before it ends."""
    reference = text(reference, _("请填写备案文号。"), 200)
    with transaction.atomic():
        committee = locked(committee, CommitteeState.FILING)
        require(actor, "owners.accept_filing", committee.project)
        committee.filed_on = filed_on
        committee.term_ends = add_months(committee.elected_on, 12 * settings.OWNERS_COMMITTEE_TERM_YEARS)
        committee.save(update_fields=["filed_on", "term_ends"])
        CommitteeDocument.objects.create(
            committee=committee,
            kind=DocumentKind.FILING,
            title=_("业主委员会备案"),
            reference=reference,
            posted_on=filed_on,
        )
        renewal = add_months(committee.term_ends, -settings.OWNERS_COMMITTEE_RENEWAL_MONTHS)
        late = filed_on > committee.current_stage.due_on
        begin(committee, CommitteeState.ACTIVE, on=filed_on, due_on=renewal)
        event(committee, CommitteeEventType.FILED, actor, note=_("逾期备案") if late else reference)
        mirror(committee.project, OwnersCommittee.ESTABLISHED)
    return committee
