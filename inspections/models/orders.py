"""Rectification orders (整改) and their events."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Event

from ..choices import (
    OrderEventType,
    OrderSource,
    OrderStatus,
)
from .inspections import Deduction
from .querysets import ProjectWorkQuerySet
from .summons import Summons

OPEN_ORDER_STATUSES = [status for status in OrderStatus.values if status != OrderStatus.CLOSED]


class OrderQuerySet(ProjectWorkQuerySet):
    def open(self):
        """Orders not closed, named by status (the status index; closed ones are most of them)."""
        return self.filter(status__in=OPEN_ORDER_STATUSES)

    def due_within(self, delta, now=None):
        """Open orders whose deadline falls between now and ``now + delta``."""
        now = now or timezone.now()
        return self.open().filter(due_at__gte=now, due_at__lt=now + delta)


class RectificationOrder(models.Model):
    """An order to fix something (整改), from an inspection, a door-to-door visit, a complaint,
    a summons or elsewhere; closed (销号) only when an officer verifies the evidence."""

    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("物业企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("来源"), max_length=16, choices=OrderSource.choices)
    deduction = models.OneToOneField(Deduction, null=True, blank=True, on_delete=models.PROTECT, related_name="order")
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summons = models.ForeignKey(Summons, null=True, blank=True, on_delete=models.PROTECT, related_name="orders")
    issue = models.TextField(_("问题"))
    working_days = models.PositiveSmallIntegerField(_("整改时限（工作日）"), validators=[MinValueValidator(1)])
    status = models.CharField(_("状态"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.ISSUED)
    issued_at = models.DateTimeField(_("下发时间"), auto_now_add=True)
    due_at = models.DateTimeField(_("整改期限"))
    is_overdue = models.BooleanField(_("已逾期"), default=False)
    answer = models.TextField(_("整改情况"), blank=True)
    answered_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("下发人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改单")
        verbose_name_plural = _("整改台账")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["status", "due_at"], name="order_status_due")]

    def __str__(self):
        return f"{self.project} {self.issue[:20]}"

    @property
    def issue_text(self) -> str:
        """What is to be fixed, in the reader's language. An inspection's order reads from its
        deduction (the item, the inspector's reason, the points); ``issue`` keeps the text stored
        when it was issued (search, API). Other orders read as the officer wrote them."""
        deduction = self.deduction
        if deduction is None:
            return self.issue
        return _("%(item)s：%(reason)s（扣 %(points)s 分）") % {
            "item": deduction.item,
            "reason": deduction.reason,
            "points": deduction.points,
        }


class OrderEvent(Event):
    """One step of a rectification order's life."""

    Kind = OrderEventType

    order = models.ForeignKey(RectificationOrder, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("事件"), max_length=16, choices=OrderEventType.choices)

    class Meta(Event.Meta):
        verbose_name = _("整改事件")
        verbose_name_plural = _("整改事件")

    def __str__(self):
        return f"{self.order_id} {self.label}"
