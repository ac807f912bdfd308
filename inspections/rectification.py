"""The rectification ledger (整改台账): issued → answered with evidence → closed (销号) by an
officer, or reopened. Deadlines count working days on the shared calendar (core.calendar)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import WorkCalendar
from core.errors import InvalidState
from core.permissions import require
from core.punctuation import join_list

from .choices import OrderEventType, OrderSource, OrderStatus, WorkEventType
from .models import OrderEvent, Photo, RectificationOrder, Summons, SummonsAttachment, record

HOURS_PER_WORKING_DAY = 8
# The longest deadline an order may get; the calendar holds only the years loaded into it.
MAX_WORKING_DAYS = 60


def check_days(days: int) -> None:
    """Refuse a deadline outside 1 … ``MAX_WORKING_DAYS`` working days."""
    if not 1 <= days <= MAX_WORKING_DAYS:
        raise ValidationError(_("整改时限应为 1 至 %(n)d 个工作日。") % {"n": MAX_WORKING_DAYS})


def due(start, days: int):
    return WorkCalendar.current().add_working_hours(start, days * HOURS_PER_WORKING_DAY)


def issue(*, project, source, issue: str, days: int, actor, deduction=None, complaint=None, summons=None):
    """Issue an order to the enterprise managing ``project`` (to the project itself when unmanaged)."""
    require(actor, "inspections.issue_order", project)
    return _issue(
        project=project,
        source=source,
        issue=issue,
        days=days,
        actor=actor,
        deduction=deduction,
        complaint=complaint,
        summons=summons,
    )


def issue_findings(inspection, *, actor, days: int) -> list[RectificationOrder]:
    """The orders a countersigned inspection's findings become, one per deduction marked for
    rectification. They are issued on the countersigning inspector's authority
    (``inspections.countersign``): a 检查员 account or an officer a draw sent from another
    district issues no order otherwise, yet their countersignature must not be refused."""
    require(actor, "inspections.countersign", inspection)
    return [
        _issue(
            project=inspection.project,
            source=OrderSource.INSPECTION,
            issue=f"{deduction.item.code} {deduction.item.title}：{deduction.reason}",
            days=days,
            actor=actor,
            deduction=deduction,
        )
        for deduction in inspection.deductions.filter(needs_rectification=True).select_related("item")
    ]


def _issue(*, project, source, issue: str, days: int, actor, deduction=None, complaint=None, summons=None):
    if not (issue or "").strip():
        raise ValidationError(_("请写明需要整改的问题。"))
    check_days(days)
    now = timezone.now()
    with transaction.atomic():
        order = RectificationOrder.objects.create(
            project=project,
            enterprise_id=project.enterprise_id,
            source=source,
            issue=issue.strip(),
            working_days=days,
            due_at=due(now, days),
            issued_by=actor,
            deduction=deduction,
            complaint=complaint,
            summons=summons,
        )
        # An inspection's order reads its issue from the deduction, in the reader's language
        # (``issue_text``): the log does not repeat the stored text.
        note = order.issue if deduction is None else ""
        OrderEvent.objects.create(order=order, type=OrderEventType.ISSUED, actor=actor, note=note)
    return order


def _lock(order) -> RectificationOrder:
    return RectificationOrder.objects.select_for_update().select_related("project__region").get(pk=order.pk)


def answer(order: RectificationOrder, *, actor, text: str, images=()) -> RectificationOrder:
    """The enterprise reports what it fixed, with evidence."""
    require(actor, "inspections.answer_order", order)
    if not (text or "").strip():
        raise ValidationError(_("请填写整改情况。"))
    with transaction.atomic():
        order = _lock(order)
        if order.status not in (OrderStatus.ISSUED, OrderStatus.REOPENED):
            raise InvalidState(_("该整改单当前为“%(s)s”，不能报送。") % {"s": order.get_status_display()})
        order.status, order.answer, order.answered_at = OrderStatus.ANSWERED, text.strip(), timezone.now()
        order.save()
        Photo.store(images, order=order)
        OrderEvent.objects.create(order=order, type=OrderEventType.ANSWERED, actor=actor, note=order.answer)
    return order


def close(order: RectificationOrder, *, actor, note: str = "") -> RectificationOrder:
    """销号: an officer checked the evidence and closes the order."""
    with transaction.atomic():
        order = _lock(order)
        require(actor, "inspections.verify_order", order)
        if order.status != OrderStatus.ANSWERED:
            raise InvalidState(_("只有已报送的整改可以销号。"))
        order.status, order.closed_at = OrderStatus.CLOSED, timezone.now()
        order.save()
        OrderEvent.objects.create(order=order, type=OrderEventType.CLOSED, actor=actor, note=note)
    return order


def reopen(order: RectificationOrder, *, actor, reason: str, days: int | None = None) -> RectificationOrder:
    """The evidence does not convince: back to the enterprise with a new deadline."""
    if not (reason or "").strip():
        raise ValidationError(_("退回整改必须写明理由。"))
    if days is not None:
        check_days(days)
    with transaction.atomic():
        order = _lock(order)
        require(actor, "inspections.verify_order", order)
        if order.status != OrderStatus.ANSWERED:
            raise InvalidState(_("只有已报送的整改可以退回。"))
        order.status, order.is_overdue = OrderStatus.REOPENED, False
        order.due_at = due(timezone.now(), days or order.working_days)
        order.save()
        OrderEvent.objects.create(order=order, type=OrderEventType.REOPENED, actor=actor, note=reason.strip())
    return order


def sweep_overdue(now=None) -> int:
    """Flag open orders past their deadline (set-based, safe to run twice)."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            RectificationOrder.objects.filter(
                status__in=[OrderStatus.ISSUED, OrderStatus.REOPENED], is_overdue=False, due_at__lt=now
            ).values_list("pk", flat=True)
        )
        RectificationOrder.objects.filter(pk__in=ids).update(is_overdue=True)
        # The event's kind says it (逾期): no note, which would stay in the sweeper's language.
        OrderEvent.objects.bulk_create([OrderEvent(order_id=pk, type=OrderEventType.OVERDUE) for pk in ids])
    return len(ids)


def record_summons(
    *, enterprise, person: str, held_on, reason: str, outcome: str, actor, region=None, attachments=()
) -> Summons:
    """约谈 an enterprise's head; follow-up orders point back to it (``issue(..., summons=…)``).
    The summoning office is the officer's region (an administrator's: the enterprise's)."""
    require(actor, "inspections.summon", enterprise)
    region = region or actor.region or enterprise.region
    if not (reason or "").strip():
        raise ValidationError(_("请写明约谈事由。"))
    with transaction.atomic():
        summons = Summons.objects.create(
            enterprise=enterprise,
            person=person,
            held_on=held_on,
            reason=reason.strip(),
            outcome=outcome,
            created_by=actor,
            region=region,
        )
        record(summons, WorkEventType.RECORDED, actor)
        _store_attachments(summons, attachments, actor)
    return summons


def attach_to_summons(summons: Summons, *, actor, attachments) -> list[SummonsAttachment]:
    """File photos or PDF files (already checked by ``core.attachments.clean_attachments``) with a
    summons: only a bureau officer whose jurisdiction holds the summoning office."""
    require(actor, "inspections.attach_to_summons", summons)
    if not attachments:
        raise ValidationError(_("请选择要上传的文件。"))
    with transaction.atomic():
        stored = _store_attachments(summons, attachments, actor)
    return stored


def _store_attachments(summons: Summons, attachments, actor) -> list[SummonsAttachment]:
    stored = SummonsAttachment.store(attachments, summons=summons, uploaded_by=actor)
    if stored:
        record(summons, WorkEventType.ATTACHED, actor, note=join_list(a.name for a in stored))
    return stored
