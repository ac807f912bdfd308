"""Deadlines of a complaint's stages: the SLA policy's working hours for the stage and urgency,
counted on the working-day calendar (:mod:`core.calendar`)."""

from __future__ import annotations

import datetime as dt

from core.calendar import WorkCalendar

from . import refcache


def deadline(start: dt.datetime, stage: str, urgency: str, calendar: WorkCalendar | None = None) -> dt.datetime | None:
    """When ``stage`` of a complaint of ``urgency`` begun at ``start`` is due; None if no policy."""
    hours = refcache.policies.get().get((stage, urgency))
    if hours is None:
        return None
    return (calendar or WorkCalendar.current()).add_working_hours(start, hours)
