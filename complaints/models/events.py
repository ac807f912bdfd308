"""What happened to a complaint: its events and the stages timed against recorded deadlines."""

from contextlib import suppress

from django.conf import settings
from django.db import models
from django.db.models import JSONField, Q, Value
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Event
from core.scoping import ScopedQuerySet

from ..choices import (
    EVENT_TEXTS,
    Channel,
    EventType,
    Feedback,
    Outcome,
    Party,
    Stage,
    Status,
)
from .complaints import Complaint


class ComplaintEventQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        condition = Complaint.objects.scope_for(user)
        return Q(complaint__in=Complaint.objects.filter(condition)) if condition is not None else None


class ComplaintEvent(Event):
    """One step of a complaint's life: who, when, from which status to which, and why."""

    Kind = EventType

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("投诉"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,  # event_complaint_created leads with it
    )
    type = models.CharField(_("事件"), max_length=16, choices=EventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,  # event_actor: partial, staff actions only
    )
    actor_label = models.CharField(_("操作方"), max_length=100, blank=True, help_text=_("居民、系统或外部渠道"))
    from_status = models.CharField(_("原状态"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Status.choices, blank=True)
    note = models.TextField(_("内部备注"), blank=True)
    public_note = models.TextField(_("对居民说明"), blank=True)
    params = models.JSONField(
        _("参数"),
        default=dict,
        db_default=Value({}, JSONField()),
        blank=True,
        help_text=_("事件说明的参数（代码和名称）"),
    )

    objects = ComplaintEventQuerySet.as_manager()
    texts = EVENT_TEXTS

    class Meta(Event.Meta):
        verbose_name = _("工单事件")
        verbose_name_plural = _("工单事件")
        indexes = [
            models.Index(fields=["complaint", "created"], name="event_complaint_created"),
            models.Index(fields=["actor"], name="event_actor", condition=Q(actor__isnull=False)),
            # Partial: the statistics roll-up asks "did this complaint ever go overdue?" per complaint.
            models.Index(fields=["complaint"], name="event_overdue", condition=Q(type="overdue")),
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.get_type_display()}"

    # Parameters stored as codes, shown as their labels in the reader's language.
    CODED_PARAMS = {"rating": Feedback, "stage": Stage, "outcome": Outcome, "channel": Channel}

    def text_params(self) -> dict:
        shown = {}
        for key, value in (self.params or {}).items():
            if key in self.CODED_PARAMS:
                with suppress(ValueError):  # an unknown (older) code reads as itself
                    value = self.CODED_PARAMS[key](value).label
            elif key == "substantiated":
                value = _("属实") if value else _("不属实")
            shown[key] = value
        return shown

    @property
    def actor_display(self) -> str:
        """Who acted: the staff member's name, else the stored label (the fixed ones — 系统,
        居民 … — are stored untranslated and read in the reader's language), else the channel."""
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.username
        if self.actor_label:
            return gettext(self.actor_label)
        channel = (self.params or {}).get("channel")
        return str(Channel(channel).label) if channel in Channel.values else ""


class StageRecord(models.Model):
    """One stage of a complaint's handling (accept, sign, answer) against the deadline recorded
    when it began: the policy's working hours for the complaint's urgency, counted on the
    working-day calendar in force then. Later changes to the policy or calendar never move it.

    A stage ends when its party completes it (``completed``) or when it is superseded (the work
    order re-assigned before it was signed). Whether it was on time is read from these facts
    only, in :mod:`complaints.measures`; the overdue flag on the complaint is a reminder."""

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("投诉"),
        on_delete=models.CASCADE,
        related_name="stage_records",
        db_index=False,  # stage_record_complaint leads with it
    )
    stage = models.CharField(_("环节"), max_length=8, choices=Stage.choices)
    party = models.CharField(_("责任方"), max_length=12, choices=Party.choices)
    # The enterprise answerable for the stage (an enterprise's own stages only).
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("责任企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # stage_record_enterprise: partial, enterprise stages only
    )
    started_at = models.DateTimeField(_("开始时间"))
    working_hours = models.DecimalField(
        _("时限（工作小时）"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("开始时有效的办理时限；为空表示该环节未设时限"),
    )
    due_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    completed = models.BooleanField(
        _("由责任方完成"), default=False, help_text=_("否：被改派等原因中止，不是责任方完成")
    )

    class Meta:
        verbose_name = _("办理环节时限")
        verbose_name_plural = _("办理环节时限")
        ordering = ["started_at", "id"]
        indexes = [
            models.Index(fields=["complaint", "started_at"], name="stage_record_complaint"),
            models.Index(fields=["enterprise"], name="stage_record_enterprise", condition=Q(enterprise__isnull=False)),
        ]
        constraints = [
            # At most one stage of a complaint runs at a time.
            models.UniqueConstraint(
                fields=["complaint"], condition=Q(ended_at__isnull=True), name="stage_record_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="stage_record_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(completed=False) | Q(ended_at__isnull=False), name="stage_record_completed_has_end"
            ),
            models.CheckConstraint(
                condition=Q(due_at__isnull=True) | Q(due_at__gte=models.F("started_at")),
                name="stage_record_due_after_start",
            ),
            models.CheckConstraint(
                condition=Q(party=Party.ENTERPRISE, enterprise__isnull=False)
                | (~Q(party=Party.ENTERPRISE) & Q(enterprise__isnull=True)),
                name="stage_record_enterprise_party",
            ),
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.get_stage_display()}"
