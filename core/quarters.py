"""Calendar quarters (2026Q3), the period of self-reports, scores and red/black lists."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .text import as_int

# re.ASCII: \d and \s would otherwise take “٢٠٢٦” and full-width spaces.
_PATTERN = re.compile(r"^\s*(\d{4})\s*[Qq-]\s*([1-4])\s*$", re.ASCII)


# The years the portal's records may be about: from FIRST_YEAR to next year (a plan or an
# application made in December). The database refuses years beyond LAST_STORED_YEAR outright.
FIRST_YEAR = 2000
LAST_STORED_YEAR = 2100


def this_year() -> int:
    return timezone.localdate().year


def latest_year(today: dt.date | None = None) -> int:
    """The last plausible year of a record: next year."""
    return (today or timezone.localdate()).year + 1


def year_range(today: dt.date | None = None) -> tuple[int, int]:
    """``(first, last)`` plausible years: used by forms, serializers, filters and rules alike."""
    return FIRST_YEAR, latest_year(today)


def as_year(raw) -> int | None:
    """A plausible year (``year_range``) from a URL, query or form, or None."""
    return as_int(raw, *year_range())


def check_year(year, *, last: int | None = None) -> int:
    """``year`` (an int or ASCII digits) as an int when it lies between ``FIRST_YEAR`` and
    ``last`` (next year unless given); a ``ValidationError`` in words otherwise."""
    last = latest_year() if last is None else last
    value = as_int(year, FIRST_YEAR, last)
    if value is None:
        raise ValidationError(
            _("年度应在 %(first)d 至 %(last)d 年之间。") % {"first": FIRST_YEAR, "last": last}, code="year_range"
        )
    return value


def check_past_date(day: dt.date, *, label: str, not_before: dt.date | None = None, since: str = "") -> dt.date:
    """``day`` (what ``label`` names) when it is neither in the future nor before
    ``FIRST_YEAR`` nor before ``not_before`` (``since`` names it, e.g. the day an enterprise
    was founded); a ``ValidationError`` in words otherwise."""
    if day > timezone.localdate():
        raise ValidationError(_("%(label)s不能晚于今天。") % {"label": label}, code="future")
    if day.year < FIRST_YEAR:
        raise ValidationError(_("%(label)s不能早于 %(y)d 年。") % {"label": label, "y": FIRST_YEAR}, code="year_range")
    if not_before is not None and day < not_before:
        raise ValidationError(
            _("%(label)s不能早于%(since)s（%(d)s）。") % {"label": label, "since": since, "d": not_before.isoformat()},
            code="before_start",
        )
    return day


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``"2026Q3"`` (or ``2026-3``) → Quarter; ValueError for anything else."""
        match = _PATTERN.match(str(text or ""))
        if not match:
            raise ValueError(f"not a quarter: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_closed(cls, today: dt.date | None = None) -> Quarter:
        """The most recent quarter that has ended."""
        return cls.of(today or timezone.localdate()).previous()

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes in the portal's time zone."""
        tz = timezone.get_default_timezone()
        start = dt.datetime.combine(self.first_day, dt.time.min, tz)
        return start, dt.datetime.combine(self.next().first_day, dt.time.min, tz)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
