"""Every activity log shares core.models.Event: typed kinds, one way to read them."""

import pytest

from complaints.models import ComplaintEvent
from core.models import AuditEvent, Event
from inspections.models import OrderEvent, WorkEvent

LOGS = [ComplaintEvent, OrderEvent, WorkEvent, AuditEvent]


@pytest.mark.parametrize("log", LOGS, ids=lambda m: m.__name__)
def test_each_log_declares_its_kinds_on_its_kind_field(log):
    assert issubclass(log, Event)
    field = log._meta.get_field(log.kind_field)
    assert list(field.choices) == list(log.Kind.choices)
    assert {"actor", "note", "created"} <= {f.name for f in log._meta.concrete_fields}


@pytest.mark.parametrize("log", LOGS, ids=lambda m: m.__name__)
def test_label_reads_the_kind_and_tolerates_an_old_one(log):
    value, label = log.Kind.choices[0]
    assert log(**{log.kind_field: value}).label == str(label)
    assert log(**{log.kind_field: "retired_kind"}).label == "retired_kind"
