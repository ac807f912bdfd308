"""The work events of draws, inspections, summons and self-reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Event

from ..choices import (
    WorkEventType,
)
from .draws import Draw
from .inspections import Inspection
from .selfreports import SelfReport
from .summons import Summons


class WorkEvent(Event):
    """Who changed what and when, for draws, inspections, self-reports and summons
    (rectification orders keep their own ``OrderEvent`` trail)."""

    Kind = WorkEventType

    kind = models.CharField(_("对象"), max_length=12)
    object_id = models.BigIntegerField(_("对象编号"))
    type = models.CharField(_("事件"), max_length=20, choices=WorkEventType.choices)

    class Meta(Event.Meta):
        verbose_name = _("工作记录")
        verbose_name_plural = _("工作记录")
        indexes = [models.Index(fields=["kind", "object_id"], name="work_event_object")]

    def __str__(self):
        return f"{self.kind}#{self.object_id} {self.label}"


def record(obj, type_: str, actor=None, note: str = "") -> WorkEvent:
    kind = {Draw: "draw", Inspection: "inspection", SelfReport: "report", Summons: "summons"}[type(obj)]
    return WorkEvent.objects.create(kind=kind, object_id=obj.pk, type=type_, actor=actor, note=note)


def events_of(obj):
    kind = {Draw: "draw", Inspection: "inspection", SelfReport: "report", Summons: "summons"}[type(obj)]
    return WorkEvent.objects.filter(kind=kind, object_id=obj.pk).select_related("actor")
