"""The lifecycle of an owners' vote (业主大会表决), one function per step.

draft → notice (at least ``OWNERS_VOTE_NOTICE_DAYS`` before the opening; SMS to every owner,
shown on the project's public page) → roll posted (owners check their unit and area; posted
again after corrections until the opening) → open → closed (extended once, with a reason, when
the quorum was not reached) → preliminary result (due within ``OWNERS_VOTE_RESULT_HOURS``
working hours of the close) → objection period (``OWNERS_VOTE_OBJECTION_DAYS``) → announced →
archived. The street office and the district bureau may suspend a vote with a reason at any
step between the notice and the announcement; a suspended vote ends there.

Each step checks who may take it (``core.permissions``), locks the vote, checks its state,
writes the change and its event in one transaction. Opening and closing on time are done by
:func:`advance` (Celery beat), which any officer's click does too.
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import WorkCalendar
from core.errors import InvalidState
from core.permissions import require
from core.text import NOTE_MAX, bounded

from . import counting, messages
from .choices import MatterKind, Organiser, VoteEventType, VoteStatus
from .models import Matter, MatterResult, Objection, Owner, RollEntry, Unit, Vote, VoteEvent

# How far ahead a vote may open and how long it may run (an extension likewise): a mistyped year
# (9999) is an error in words, never a deadline whose arithmetic overflows.
FURTHEST_OPENING_DAYS = 365
LONGEST_PERIOD_DAYS = 90


def _check_period(start, end, *, message) -> None:
    if end - start > timedelta(days=LONGEST_PERIOD_DAYS):
        raise ValidationError(message % {"d": LONGEST_PERIOD_DAYS}, code="period_too_long")


def setting_fraction(name: str) -> Fraction:
    numerator, denominator = getattr(settings, name).split("/")
    return Fraction(int(numerator), int(denominator))


def _event(vote, kind, actor=None, note="") -> None:
    VoteEvent.objects.create(vote=vote, type=kind, actor=actor, note=note)


def _locked(vote: Vote, *states) -> Vote:
    locked = Vote.objects.select_for_update().select_related("project__region").get(pk=vote.pk)
    if states and locked.status not in states:
        raise InvalidState(_("表决当前为“%(status)s”，不能进行此操作。") % {"status": locked.get_status_display()})
    return locked


def _reason(text: str) -> str:
    text = bounded((text or "").strip(), NOTE_MAX)
    if not text:
        raise ValidationError(_("请说明理由。"), code="reason_required")
    return text


def draft(project, *, title: str, matters: list[tuple[str, str]], actor, description="", organiser=None) -> Vote:
    """A new vote in draft with its matters ``[(kind, title), …]`` and today's thresholds."""
    require(actor, "owners.organise_vote", project)
    title = bounded((title or "").strip(), 120)
    if not title:
        raise ValidationError(_("请填写表决名称。"), code="title")
    if not matters:
        raise ValidationError(_("至少需要一项表决事项。"), code="no_matter")
    for kind, text in matters:
        if kind not in MatterKind.values or not (text or "").strip() or len(text.strip()) > 200:
            raise ValidationError(_("表决事项须选择类别并填写内容（不超过 200 字）。"), code="matter")
    quorum, majority, special = (setting_fraction(f"OWNERS_VOTE_{n}") for n in ("QUORUM", "MAJORITY", "SPECIAL"))
    with transaction.atomic():
        vote = Vote.objects.create(
            project=project,
            title=title,
            description=bounded(description or "", 5000),
            organiser=organiser or Organiser.PREPARATORY_GROUP,
            created_by=actor,
            quorum_num=quorum.numerator,
            quorum_den=quorum.denominator,
            majority_num=majority.numerator,
            majority_den=majority.denominator,
            special_num=special.numerator,
            special_den=special.denominator,
        )
        Matter.objects.bulk_create(
            Matter(vote=vote, position=i, kind=kind, title=text.strip()) for i, (kind, text) in enumerate(matters, 1)
        )
        _event(vote, VoteEventType.CREATED, actor)
    return vote


def give_notice(vote: Vote, *, opens_at, closes_at, actor, now=None) -> Vote:
    """Announce the vote: the opening at least ``OWNERS_VOTE_NOTICE_DAYS`` ahead; an SMS to every
    owner on the roll with a phone."""
    now = now or timezone.now()
    with transaction.atomic():
        vote = _locked(vote, VoteStatus.DRAFT)
        require(actor, "owners.organise_vote", vote.project)
        earliest = now + timedelta(days=settings.OWNERS_VOTE_NOTICE_DAYS)
        if opens_at < earliest:
            raise ValidationError(
                _("投票开始时间应在公告之日起至少 %(d)d 日后（不早于 %(t)s）。")
                % {"d": settings.OWNERS_VOTE_NOTICE_DAYS, "t": f"{timezone.localtime(earliest):%Y-%m-%d %H:%M}"},
                code="notice_too_short",
            )
        if opens_at > now + timedelta(days=FURTHEST_OPENING_DAYS):
            raise ValidationError(
                _("投票开始时间不能晚于公告之日起 %(d)d 日。") % {"d": FURTHEST_OPENING_DAYS}, code="too_far"
            )
        if closes_at <= opens_at:
            raise ValidationError(_("投票截止时间应晚于开始时间。"), code="period")
        _check_period(opens_at, closes_at, message=_("投票期不能超过 %(d)d 日。"))
        vote.status, vote.noticed_at, vote.opens_at, vote.closes_at = VoteStatus.NOTICED, now, opens_at, closes_at
        vote.save(update_fields=["status", "noticed_at", "opens_at", "closes_at"])
        phones = list(Owner.objects.filter(project=vote.project).exclude(phone="").values_list("phone", flat=True))
        sent = messages.vote_notice(vote, phones)
        _event(vote, VoteEventType.NOTICED, actor, note=_("已向 %(n)d 个手机号码发送公告短信。") % {"n": sent})
    return vote


def roll_problems(project) -> list[str]:
    """Why the project's roll cannot be posted: units without owners or without one voter."""
    units = Unit.objects.filter(project=project)
    problems = []
    if not units.exists():
        problems.append(_("该项目尚无房屋业主名册。"))
    without = [str(u) for u in units.exclude(ownerships__voter=True).select_related("building")[:10]]
    if without:
        problems.append(_("以下房屋没有业主或未指定表决人：%(u)s") % {"u": "、".join(without)})
    return problems


# The roll as art. 278 counts it, in one statement: each unit's owners as a key (the developer's
# unsold units share the key "developer"), and one head number per distinct key.
POST_ROLL = """
INSERT INTO owners_rollentry (vote_id, unit_id, label, area, head, voter_id, developer)
SELECT %(vote)s, keyed.id, keyed.label, keyed.area, dense_rank() OVER (ORDER BY keyed.owners), keyed.voter_id,
       keyed.developer
FROM (
    SELECT u.id, u.area, b.name || u.entrance || u.number AS label,
           CASE WHEN bool_or(o.developer) THEN 'developer'
                ELSE string_agg(o.owner_id::text, ',' ORDER BY o.owner_id) END AS owners,
           max(o.owner_id) FILTER (WHERE o.voter) AS voter_id, bool_or(o.developer) AS developer
    FROM owners_unit u
    JOIN owners_building b ON b.id = u.building_id
    JOIN owners_ownership o ON o.unit_id = u.id
    WHERE u.project_id = %(project)s
    GROUP BY u.id, u.area, b.name, u.entrance, u.number
) keyed
"""


# Heads are numbered 1…N (dense_rank): the number of heads is the largest.
ROLL_TOTALS = "SELECT count(*), coalesce(sum(area), 0), coalesce(max(head), 0) FROM owners_rollentry WHERE vote_id = %s"


def post_roll(vote: Vote, *, actor) -> int:
    """Post (or post again) the roll the vote will be counted on; returns its number of units."""
    with transaction.atomic():
        vote = _locked(vote, VoteStatus.NOTICED, VoteStatus.ROLL_POSTED)
        require(actor, "owners.organise_vote", vote.project)
        problems = roll_problems(vote.project)
        if problems:
            raise ValidationError(problems, code="roll_incomplete")
        RollEntry.objects.filter(vote=vote).delete()
        with connection.cursor() as cursor:
            cursor.execute(POST_ROLL, {"vote": vote.pk, "project": vote.project_id})
            cursor.execute(ROLL_TOTALS, [vote.pk])
            vote.roll_units, vote.roll_area, vote.roll_heads = cursor.fetchone()
        vote.status = VoteStatus.ROLL_POSTED
        vote.save(update_fields=["status", "roll_units", "roll_area", "roll_heads"])
        posted = vote.roll_units
        _event(vote, VoteEventType.ROLL_POSTED, actor, note=_("%(n)d 套房屋") % {"n": posted})
    return posted


def open_vote(vote: Vote, *, actor=None, now=None) -> Vote:
    """Open the vote at its opening time (the schedule does; an organiser may click it)."""
    now = now or timezone.now()
    with transaction.atomic():
        vote = _locked(vote, VoteStatus.ROLL_POSTED)
        if actor is not None:
            require(actor, "owners.organise_vote", vote.project)
        if now < vote.opens_at:
            raise InvalidState(_("尚未到投票开始时间。"))
        vote.status = VoteStatus.OPEN
        vote.save(update_fields=["status"])
        _event(vote, VoteEventType.OPENED, actor)
    return vote


def close_vote(vote: Vote, *, actor=None, now=None) -> Vote:
    """Close the vote at its closing time; the preliminary result is due one working day later."""
    now = now or timezone.now()
    with transaction.atomic():
        vote = _locked(vote, VoteStatus.OPEN)
        if actor is not None:
            require(actor, "owners.organise_vote", vote.project)
        if now < vote.closes_at:
            raise InvalidState(_("尚未到投票截止时间。"))
        vote.status, vote.closed_at = VoteStatus.CLOSED, now
        vote.result_due_at = WorkCalendar.current().add_working_hours(now, settings.OWNERS_VOTE_RESULT_HOURS)
        vote.save(update_fields=["status", "closed_at", "result_due_at"])
        _event(vote, VoteEventType.CLOSED, actor)
    return vote


def extend(vote: Vote, *, until, reason: str, actor, now=None) -> Vote:
    """Reopen a closed vote until ``until``, once, when the quorum was not reached."""
    now = now or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        vote = _locked(vote, VoteStatus.CLOSED)
        require(actor, "owners.organise_vote", vote.project)
        if vote.extended_from is not None:
            raise InvalidState(_("投票时间只能延长一次。"))
        if all(row.quorum_met for row in counting.count(vote)):
            raise InvalidState(_("参与表决已达到法定比例，不能延长投票时间。"))
        if until <= max(now, vote.closes_at):
            raise ValidationError(_("延长后的截止时间应晚于原截止时间和现在。"), code="period")
        _check_period(max(now, vote.closes_at), until, message=_("延长不能超过原截止时间后 %(d)d 日。"))
        vote.extended_from, vote.closes_at, vote.extension_reason = vote.closes_at, until, reason
        vote.status, vote.closed_at, vote.result_due_at = VoteStatus.OPEN, None, None
        vote.save(
            update_fields=["extended_from", "closes_at", "extension_reason", "status", "closed_at", "result_due_at"]
        )
        _event(vote, VoteEventType.EXTENDED, actor, note=reason)
    return vote


def publish_preliminary(vote: Vote, *, actor, now=None) -> list[MatterResult]:
    """Count the vote, store and post the preliminary result; the objection period starts."""
    now = now or timezone.now()
    with transaction.atomic():
        vote = _locked(vote, VoteStatus.CLOSED)
        require(actor, "owners.organise_vote", vote.project)
        results = [
            MatterResult(
                matter_id=row.matter_id,
                total_area=row.total_area,
                total_heads=row.total_heads,
                voting_area=row.voting_area,
                voting_heads=row.voting_heads,
                agree_area=row.agree_area,
                agree_heads=row.agree_heads,
                disagree_area=row.disagree_area,
                disagree_heads=row.disagree_heads,
                quorum_met=row.quorum_met,
                passed=row.passed,
            )
            for row in counting.count(vote)
        ]
        MatterResult.objects.bulk_create(results)
        vote.status, vote.preliminary_at = VoteStatus.PRELIMINARY, now
        vote.objections_end_at = now + timedelta(days=settings.OWNERS_VOTE_OBJECTION_DAYS)
        vote.save(update_fields=["status", "preliminary_at", "objections_end_at"])
        late = vote.result_due_at is not None and now > vote.result_due_at
        _event(vote, VoteEventType.PRELIMINARY, actor, note=_("逾期公示") if late else "")
    return results


def object_to(vote: Vote, *, owner: Owner, text: str, now=None) -> Objection:
    """An owner of the project objects to the preliminary result within the objection period."""
    now = now or timezone.now()
    text = bounded((text or "").strip(), NOTE_MAX)
    if not text:
        raise ValidationError(_("请填写异议内容。"), code="text")
    if owner.project_id != vote.project_id:
        raise InvalidState(_("只有本项目的业主可以提出异议。"))
    with transaction.atomic():
        vote = _locked(vote, VoteStatus.PRELIMINARY)
        if now > vote.objections_end_at:
            raise InvalidState(_("异议期已过。"))
        return Objection.objects.create(vote=vote, owner=owner, text=text)


def answer_objection(objection: Objection, *, text: str, actor, now=None) -> Objection:
    """The organiser answers an owner's objection, once, while the result is preliminary (during
    the objection period or after it, before the announcement)."""
    now = now or timezone.now()
    text = bounded((text or "").strip(), NOTE_MAX)
    if not text:
        raise ValidationError(_("请填写答复内容。"), code="text")
    with transaction.atomic():
        vote = _locked(objection.vote, VoteStatus.PRELIMINARY)
        require(actor, "owners.organise_vote", vote.project)
        locked = Objection.objects.select_for_update().get(pk=objection.pk, vote=vote)
        if locked.answered_at is not None:
            raise InvalidState(_("该异议已经答复。"))
        locked.answer, locked.answered_at, locked.answered_by = text, now, actor
        locked.save(update_fields=["answer", "answered_at", "answered_by"])
        _event(vote, VoteEventType.OBJECTION_ANSWERED, actor, note=text)
    return locked


def announce(vote: Vote, *, actor, now=None) -> Vote:
    """Announce the result once the objection period has passed and every objection received in
    it has been answered; the vote is then final."""
    now = now or timezone.now()
    with transaction.atomic():
        vote = _locked(vote, VoteStatus.PRELIMINARY)
        require(actor, "owners.organise_vote", vote.project)
        if now < vote.objections_end_at:
            raise InvalidState(_("异议期尚未结束。"))
        unanswered = vote.objections.filter(answered_at__isnull=True).count()
        if unanswered:
            raise InvalidState(_("还有 %(n)d 条异议未答复，答复后才能公告结果。") % {"n": unanswered})
        vote.status, vote.announced_at = VoteStatus.ANNOUNCED, now
        vote.save(update_fields=["status", "announced_at"])
        _event(vote, VoteEventType.ANNOUNCED, actor)
    return vote


def archive(vote: Vote, *, actor, now=None) -> Vote:
    now = now or timezone.now()
    with transaction.atomic():
        vote = _locked(vote, VoteStatus.ANNOUNCED)
        require(actor, "owners.organise_vote", vote.project)
        vote.status, vote.archived_at = VoteStatus.ARCHIVED, now
        vote.save(update_fields=["status", "archived_at"])
        _event(vote, VoteEventType.ARCHIVED, actor)
    return vote


def suspend(vote: Vote, *, reason: str, actor) -> Vote:
    """The street or district stops a vote (irregular notice, roll, counting …); it ends here."""
    from .choices import SUSPENDABLE

    reason = _reason(reason)
    with transaction.atomic():
        vote = _locked(vote, *SUSPENDABLE)
        require(actor, "owners.suspend_vote", vote.project)
        vote.status, vote.suspension_reason = VoteStatus.SUSPENDED, reason
        vote.save(update_fields=["status", "suspension_reason"])
        _event(vote, VoteEventType.SUSPENDED, actor, note=reason)
    return vote


def advance(now=None) -> dict[str, int]:
    """Open the votes whose opening time has come and close those whose closing time has
    (Celery beat; a vote whose roll was not posted in time stays announced)."""
    now = now or timezone.now()
    done = {"opened": 0, "closed": 0}
    for pk in Vote.objects.filter(status=VoteStatus.ROLL_POSTED, opens_at__lte=now).values_list("pk", flat=True):
        try:
            open_vote(Vote(pk=pk), now=now)
            done["opened"] += 1
        except InvalidState:
            pass  # another run, or an officer, was first
    for pk in Vote.objects.filter(status=VoteStatus.OPEN, closes_at__lte=now).values_list("pk", flat=True):
        try:
            close_vote(Vote(pk=pk), now=now)
            done["closed"] += 1
        except InvalidState:
            pass
    return done
