"""Using the maintenance fund (维修资金使用), from the proposal to the disbursement.

Ordinary use: the enterprise or the committee proposes (items, budget, units concerned) → the
owners vote on it (a matter "using the maintenance fund" that passed) → the plan is posted for
``FUNDS_PLAN_POSTING_DAYS`` → works → completion with invoices and photos → the district bureau
approves → the disbursement is recorded and the cost split by area among the units concerned
(the developer pays for its unsold units).

Emergency use (leaks, a lift stopped, water cut, a façade at risk, fire systems failing): no
vote; the bureau reviews within ``FUNDS_EMERGENCY_REVIEW_DAYS`` working days, then works,
completion, approval and disbursement as above, the result and split posted afterwards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.calendar import WorkCalendar, working_periods
from core.errors import InvalidState
from core.permissions import require
from owners.choices import MatterKind, VoteStatus
from owners.models import MatterResult, Ownership, Unit

from .choices import DocumentKind, EntryKind, Payer, UseKind, UseStatus
from .ledger import check_alerts, voters
from .models import FundAccount, FundUse, LedgerEntry, UseDocument, UseEvent, UseShare
from .split import split_by_weight


def _move(use: FundUse, status: str, actor, note: str = "", fields=()) -> None:
    use.status = status
    use.save(update_fields=["status", *fields])
    UseEvent.objects.create(use=use, status=status, actor=actor, note=note)
    audit.record(f"funds.use.{status}", actor=actor, object_repr=use, use=use.pk, note=note[:200])


def _expect(use: FundUse, *statuses) -> None:
    if use.status not in statuses:
        raise InvalidState(_("该维修项目当前为“%(status)s”，不能进行此操作。") % {"status": use.get_status_display()})


def review_hours() -> float:
    """The emergency review period in working hours (working days × the length of a day)."""
    day = sum(
        (dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, begin)).total_seconds()
        for begin, end in working_periods()
    )
    return settings.FUNDS_EMERGENCY_REVIEW_DAYS * day / 3600


@transaction.atomic
def propose(project, *, actor, proposer, title, items, budget, units, emergency: str = "") -> FundUse:
    """A proposal; ``emergency`` names the emergency (then no vote: straight to the bureau)."""
    require(actor, "funds.propose_use", project)
    if not FundAccount.objects.filter(project=project).exists():
        raise InvalidState(_("该项目尚未开立维修资金账户。"))
    units = list(units)
    if not units:
        raise InvalidState(_("请选择涉及的房屋。"))
    if any(u.project_id != project.pk for u in units):
        raise InvalidState(_("涉及的房屋须属于本项目。"))
    use = FundUse.objects.create(
        project=project,
        kind=UseKind.EMERGENCY if emergency else UseKind.ORDINARY,
        emergency=emergency,
        proposer=proposer,
        title=title,
        items=items,
        budget=Decimal(budget),
        created_by=actor,
    )
    use.units.set(units)
    UseEvent.objects.create(use=use, status=UseStatus.PROPOSED, actor=actor)
    audit.record("funds.use.proposed", actor=actor, object_repr=use, use=use.pk, emergency=emergency)
    if emergency:
        use.review_due_at = WorkCalendar.current().add_working_hours(timezone.now(), review_hours())
        _move(use, UseStatus.UNDER_REVIEW, actor, fields=["review_due_at"])
    return use


@transaction.atomic
def record_vote(use: FundUse, vote, *, actor) -> FundUse:
    """The owners approved the use (a passed matter "using the maintenance fund" of an announced
    vote of the project): the plan is posted from now."""
    use = FundUse.objects.select_for_update().get(pk=use.pk)
    require(actor, "funds.propose_use", use)
    _expect(use, UseStatus.PROPOSED)
    if use.is_emergency:
        raise InvalidState(_("应急使用无需业主大会表决。"))
    if vote.project_id != use.project_id or vote.status not in (VoteStatus.ANNOUNCED, VoteStatus.ARCHIVED):
        raise InvalidState(_("须为本项目已公告结果的业主大会表决。"))
    if not MatterResult.objects.filter(matter__vote=vote, matter__kind=MatterKind.USE_FUND, passed=True).exists():
        raise InvalidState(_("该表决没有通过“使用维修资金”的事项。"))
    now = timezone.now()
    use.vote = vote
    use.posted_at = now
    use.posted_until = now + dt.timedelta(days=settings.FUNDS_PLAN_POSTING_DAYS)
    _move(use, UseStatus.POSTED, actor, fields=["vote", "posted_at", "posted_until"])
    return use


@transaction.atomic
def review(use: FundUse, *, actor, approve: bool, note: str) -> FundUse:
    """The bureau's review: of an emergency proposal (works may start), or of a completion (the
    disbursement may be recorded). A refusal needs its reason."""
    use = FundUse.objects.select_for_update().get(pk=use.pk)
    require(actor, "funds.review_use", use)
    _expect(use, UseStatus.UNDER_REVIEW, UseStatus.COMPLETED)
    if not approve and not note.strip():
        raise InvalidState(_("不予批准须说明理由。"))
    use.review_note = note
    use.approved_by = actor
    use.approved_at = timezone.now()
    fields = ["review_note", "approved_by", "approved_at"]
    if not approve:
        _move(use, UseStatus.REJECTED, actor, note, fields)
    elif use.status == UseStatus.UNDER_REVIEW:
        use.works_started_on = timezone.localdate()
        _move(use, UseStatus.WORKS, actor, note, [*fields, "works_started_on"])
    else:
        _move(use, UseStatus.APPROVED, actor, note, fields)
    return use


@transaction.atomic
def start_works(use: FundUse, *, actor, on: dt.date | None = None) -> FundUse:
    use = FundUse.objects.select_for_update().get(pk=use.pk)
    require(actor, "funds.propose_use", use)
    _expect(use, UseStatus.POSTED)
    if timezone.now() < use.posted_until:
        raise InvalidState(
            _("方案公示期至 %(until)s 截止，期满后方可施工。")
            % {"until": f"{timezone.localtime(use.posted_until):%Y-%m-%d %H:%M}"}
        )
    use.works_started_on = on or timezone.localdate()
    _move(use, UseStatus.WORKS, actor, fields=["works_started_on"])
    return use


@transaction.atomic
def complete(use: FundUse, *, actor, cost: Decimal, completed_on: dt.date, invoices, photos) -> FundUse:
    """The works are done: the final cost, the invoices and the photos (``CleanAttachment``s)."""
    use = FundUse.objects.select_for_update().get(pk=use.pk)
    require(actor, "funds.propose_use", use)
    _expect(use, UseStatus.WORKS)
    if not invoices or not photos:
        raise InvalidState(_("竣工须附发票和竣工照片。"))
    if completed_on > timezone.localdate():
        raise InvalidState(_("竣工日期不能晚于今天。"))
    for kind, files in ((DocumentKind.INVOICE, invoices), (DocumentKind.PHOTO, photos)):
        UseDocument.store(files, use=use, kind=kind, uploaded_by=actor)
    use.cost = Decimal(cost)
    use.completed_on = completed_on
    _move(use, UseStatus.COMPLETED, actor, fields=["cost", "completed_on"])
    return use


def developer_units(unit_ids) -> set[int]:
    """Units still held by the developer alone (unsold): their parts are the developer's to pay."""
    held = Ownership.objects.filter(unit__in=unit_ids)
    return set(held.filter(developer=True).values_list("unit", flat=True)) - set(
        held.filter(developer=False).values_list("unit", flat=True)
    )


@transaction.atomic
def disburse(use: FundUse, *, actor, on: dt.date | None = None) -> list[UseShare]:
    """Record the disbursement: the cost split by area over the units concerned (exact cents),
    each sold unit's part taken from its ledger, the unsold units' parts charged to the developer."""
    use = FundUse.objects.select_for_update().get(pk=use.pk)
    require(actor, "funds.review_use", use)
    _expect(use, UseStatus.APPROVED)
    account = FundAccount.objects.get(project=use.project)
    units = list(Unit.objects.filter(pk__in=use.units.values("pk")).order_by("pk").values_list("pk", "area"))
    parts = split_by_weight(use.cost, dict(units))
    unsold = developer_units([pk for pk, _area in units])
    holders = voters([pk for pk, _area in units])
    on = on or timezone.localdate()
    shares = UseShare.objects.bulk_create(
        UseShare(
            use=use,
            unit_id=pk,
            area=area,
            amount=parts[pk],
            payer=Payer.DEVELOPER if pk in unsold else Payer.FUND,
            holder_id=holders.get(pk),
        )
        for pk, area in units
    )
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            account=account,
            unit_id=share.unit_id,
            kind=EntryKind.USE,
            amount=-share.amount,
            posted_on=on,
            holder_id=share.holder_id,
            use=use,
            note=_("维修分摊：%(title)s") % {"title": use.title[:80]},
        )
        for share in shares
        if share.payer == Payer.FUND and share.amount > 0
    )
    use.disbursed_on = on
    _move(use, UseStatus.DISBURSED, actor, fields=["disbursed_on"])
    check_alerts([pk for pk, _area in units])
    return shares


@transaction.atomic
def withdraw(use: FundUse, *, actor, note: str) -> FundUse:
    use = FundUse.objects.select_for_update().get(pk=use.pk)
    require(actor, "funds.propose_use", use)
    _expect(use, UseStatus.PROPOSED, UseStatus.POSTED, UseStatus.UNDER_REVIEW)
    _move(use, UseStatus.WITHDRAWN, actor, note)
    return use
