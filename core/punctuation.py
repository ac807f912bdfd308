"""Punctuation in the reader's language. Chinese text uses full-width marks (：、；（）) with no
spaces, English the ASCII ones followed by a space. Pages and messages that join names, labels
and values put these between them instead of writing a mark themselves, so an English page never
reads “Region：Chaoyang” or “Alpha、Beta”."""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext


def colon() -> str:
    """Between a label and its value: “类别：电梯”, “Category: Elevator”."""
    return pgettext("label separator", "：")


def list_separator() -> str:
    """Between the items of an enumeration: “甲、乙”, “A, B”."""
    return pgettext("list separator", "、")


def clause_separator() -> str:
    """Between clauses or reasons: “甲；乙”, “A; B”."""
    return pgettext("clause separator", "；")


def comma() -> str:
    """Between the parts of a sentence put together on a page."""
    return pgettext("comma", "，")


def full_stop() -> str:
    return pgettext("full stop", "。")


def join_list(items) -> str:
    return list_separator().join(str(item) for item in items)


def join_clauses(items) -> str:
    return clause_separator().join(str(item) for item in items)


def parenthesised(text) -> str:
    """``text`` in brackets after what precedes it: “（第 1 版）”, “ (version 1)”."""
    return pgettext("parenthesised", "（%(text)s）") % {"text": text}


def join_html(items, separator: str) -> str:
    """Items joined for a page: each escaped unless already safe, the separator too."""
    return mark_safe(conditional_escape(separator).join(conditional_escape(item) for item in items))


def parenthesised_html(text) -> str:
    return format_html(parenthesised("{}"), text)
