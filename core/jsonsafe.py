"""JSON from outside, parsed with limits: nesting depth, and no control characters in strings.

``json.loads`` recurses once per level: ``[`` × 100,000 raises ``RecursionError``, which no
view expects (a 500). A document nested deeper than any of our payloads is refused instead, and
strings lose their control characters on the way in (core.text).
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _

from .text import clean_strings

MAX_DEPTH = 32
BRACKETS = re.compile(r"[\[\]{}]")


class JSONRejected(ValueError):
    """The body is not acceptable JSON; the message says why, in Chinese."""


def _too_deep(raw: str, limit: int) -> bool:
    """Does ``raw`` open more than ``limit`` arrays or objects at once? (Brackets inside strings
    count too, which only errs on the safe side for documents near the limit.)"""
    depth = 0
    for match in BRACKETS.finditer(raw):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def loads(raw: bytes | str, *, max_depth: int = MAX_DEPTH):
    """Parse a JSON document; raise :class:`JSONRejected` for bad, too deep or non-UTF-8 input."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise JSONRejected(_("请求体必须是 UTF-8 编码的 JSON。")) from None
    if _too_deep(text, max_depth):
        raise JSONRejected(_("JSON 嵌套层级超过 %(n)d 层。") % {"n": max_depth})
    try:
        return clean_strings(json.loads(text))
    except (ValueError, RecursionError):
        raise JSONRejected(_("请求体不是有效的 JSON。")) from None
