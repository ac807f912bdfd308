"""Calendar quarters (2026Q3), the period of self-reports, scores and red/black lists."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

# re.ASCII: \d and \s would otherwise take “٢٠٢٦” and full-width spaces.
_PATTERN = re.compile(r"^\s*(\d{4})\s*[Qq-]\s*([1-4])\s*$", re.ASCII)


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
