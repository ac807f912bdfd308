"""Text that came from outside: control characters, spreadsheet formulas, length limits.

Residents, hotline systems and spreadsheets send text; what is stored and written back out
(Excel, XML, JSON) must never carry characters that break those formats or that a spreadsheet
runs as a formula.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .punctuation import full_stop, join_clauses

# C0 controls except tab, line feed and carriage return, DEL, and the two XML non-characters:
# none has a meaning in a complaint, and each breaks .xlsx or XML 1.0 output.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Surrogates cannot be encoded as UTF-8; a JSON body can still smuggle them in as \ud800.
SURROGATES = re.compile("[\ud800-\udfff]")
# A cell starting with one of these is a formula in Excel, LibreOffice and WPS (OWASP: CSV
# injection); leading whitespace and control characters are skipped by some of them.
FORMULA_START = re.compile(r"^[\s\x00-\x1f]*[=+\-@]")

# Length limits of free text, shared by forms and API serializers: notes, reasons and comments;
# answers, issues and evidence.
NOTE_MAX = 2000
TEXT_MAX = 5000


def strip_control(value: str) -> str:
    """``value`` without control characters (tab and line breaks are kept)."""
    return SURROGATES.sub("", CONTROL_CHARS.sub("", value))


def looks_like_formula(value: str) -> bool:
    """Would a spreadsheet take this text as a formula (``=…``, ``+…``, ``-…``, ``@…``)?"""
    return bool(FORMULA_START.match(value))


def clean_strings(value):
    """``value`` (a parsed JSON document or a form's cleaned data) with control characters
    stripped from every string in it."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, dict):
        return {clean_strings(k): clean_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_strings(v) for v in value]
    return value


def strip_control_querydict(data):
    """A copy of a ``QueryDict`` (form fields) with control characters stripped from its values."""
    cleaned = data.copy()
    for key in cleaned:
        cleaned.setlist(key, [strip_control(v) if isinstance(v, str) else v for v in cleaned.getlist(key)])
    cleaned._mutable = False
    return cleaned


# The largest PostgreSQL ``bigint``: an id or number beyond it fails in the database, not here.
BIGINT_MAX = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def as_int(raw, low: int = 0, high: int = BIGINT_MAX) -> int | None:
    """A whole number from outside (URL, query, form) between ``low`` and ``high``, or None.

    The one parser of numbers that came as text: ASCII digits only. ``str.isdigit()`` is true
    for “²” (which ``int()`` refuses) and ``int()`` itself takes “٣”, “５”, “+1”, “1_0” and
    spaces, none of which a link or a form of the portal ever sends. An ``int`` passes through
    (a ``bool`` does not)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip() if raw is not None else ""
        if len(text) > 20 or not _ASCII_DIGITS.fullmatch(text):
            return None
        value = int(text)
    return value if low <= value <= high else None


def as_id(raw) -> int | None:
    """A row id (PostgreSQL ``bigint``, positive) from outside, or None when ``raw`` is not one."""
    return as_int(raw, 1, BIGINT_MAX)


def as_ids(raws) -> list[int]:
    """The ids among ``raws`` (a ``getlist`` or a split string); the others are left out."""
    return [i for i in map(as_id, raws) if i is not None]


def bounded(value: str, limit: int = NOTE_MAX) -> str:
    """``value`` when it has at most ``limit`` characters; ``ValidationError`` otherwise. For
    views that hand a posted field straight to a rules function."""
    if len(value) > limit:
        raise ValidationError(_("内容不能超过 %(n)d 个字。") % {"n": limit}, code="max_length")
    return value


def join_messages(messages) -> str:
    """Several messages as one sentence: “甲；乙。”. Each one's own full stop is dropped before
    the separator, so the result never reads “。；”."""
    parts = [str(m).strip().rstrip("。.；;") for m in messages]
    parts = [p for p in parts if p]
    return join_clauses(parts) + full_stop() if parts else ""
