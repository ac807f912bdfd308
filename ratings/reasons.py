"""Why a subject is on a red or black list, or kept off the red one, and what caused a credit
record: stored as a kind and its figures (``{"kind": "summons", "n": 2}``) and read in the
reader's language when shown, as the activity logs are (``core.models.Event``). Entries drafted
before kept their reasons as text: recognised when shown (a published list is never rewritten)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from complaints import refcache
from core.choices import choice_label
from core.punctuation import join_list
from core.stored_text import recogniser

from .choices import HonourKind, ListColor

TEXTS = {
    "score_below": _("得分 %(s)s，低于 %(t)s"),
    "long_overdue": _("整改逾期超过 %(d)d 天 %(n)d 单"),
    "summons": _("本季度约谈 %(n)d 次"),
    "safety_complaints": _("安全类有效投诉 %(n)d 件"),
    "missed_orders": _("整改逾期 %(n)d 单"),
    "tied_all_listed": _("与其他 %(n)d 个对象同为 %(s)s 分，上限允许，同分者均入榜"),
    "tied_beyond_cap": _("%(n)d 个对象同为 %(s)s 分，超过上限 %(c)d 名，按同分规则入选前 %(p)d 个"),
    # r: the satisfaction rate in per cent, or None when no complaint was rated
    "tie_facts": _("有效投诉 %(n)d 件，满意率 %(r)s，服务 %(h)d 户"),
}


def reason(kind: str, **figures) -> dict:
    """A reason to store: its kind and figures (numbers, and decimals as text)."""
    assert kind in TEXTS, kind
    return {"kind": kind, **{k: str(v) if not isinstance(v, (int, str, type(None))) else v for k, v in figures.items()}}


# How drafts before this one wrote the reasons, in Chinese and in English (the language of the
# officer's page): a published list is final, its stored text is recognised when shown.
WRITTEN = {
    "score_below": ["得分 %(s)s，低于 %(t)s", "Score %(s)s, below %(t)s"],
    "long_overdue": [
        "整改逾期超过 %(d)d 天 %(n)d 单",
        "Rectification orders overdue by more than %(d)d days: %(n)d",
    ],
    "summons": ["本季度约谈 %(n)d 次", "Summonses this quarter: %(n)d"],
    "tied_all_listed": [
        "与其他 %(n)d 个对象同为 %(s)s 分，上限允许，同分者均入榜",
        "Tied at %(s)s with %(n)d others; the cap allows, all tied are listed",
    ],
    "tied_beyond_cap": [
        "%(n)d 个对象同为 %(s)s 分，超过上限 %(c)d 名，按同分规则入选前 %(p)d 个",
        "%(n)d tied at %(s)s, beyond the cap of %(c)d; the first %(p)d by the tie rule are listed",
    ],
    "tie_facts": [
        "有效投诉 %(n)d 件，满意率 %(r)s，服务 %(h)d 户",
        "%(n)d substantiated complaints, satisfaction %(r)s, %(h)d households",
    ],
}
_recognise = recogniser(WRITTEN)


def _from_text(written: str):
    """The reason a stored text was written from, or None."""
    found = _recognise(written)
    if found is None:
        return None
    kind, figures = found
    if kind == "tie_facts":
        rate = figures["r"]
        figures["r"] = rate.removesuffix("%") if rate.endswith("%") else None
    return {"kind": kind, **figures}


def text(stored) -> str:
    """A stored reason in the active language; text stored as such (older drafts) is recognised,
    or else reads as it is."""
    if not isinstance(stored, dict):
        stored = _from_text(str(stored)) or str(stored)
        if isinstance(stored, str):
            return stored
    figures = {k: v for k, v in stored.items() if k != "kind"}
    if stored.get("kind") == "tie_facts":
        figures["r"] = _("无评价") if figures.get("r") is None else f"{figures['r']}%"
    try:
        return str(TEXTS[stored["kind"]]) % figures
    except (KeyError, TypeError, ValueError):
        return str(stored)


def texts(stored) -> list[str]:
    return [text(r) for r in stored or []]


# A credit record written from its source: what caused it (``CreditRecord.params``).
CREDIT_NOTES = {
    "complaint": _("有效投诉：%(project)s（%(category)s）"),
    "rectification": _("整改逾期：%(project)s，整改期限 %(due)s"),
    "summons": _("约谈：%(reason)s"),
    "honour": _("%(year)s 年度 %(region)s %(honour)s"),
    "red_list": _("%(period)s %(color)s：%(regions)s"),
    "black_list": _("%(period)s %(color)s：%(regions)s"),
}


def credit_note(kind: str, params: dict) -> str:
    """A credit record's note from its kind and parameters, in the active language; empty when
    it has none (a penalty, or a record the sync has not given its parameters yet)."""
    if not params or kind not in CREDIT_NOTES:
        return ""
    shown = dict(params)
    if kind == "complaint":
        category = refcache.categories.get().get(params.get("category") or "")
        shown["category"] = category.label if category else params.get("category_name") or _("未分类")
    elif kind == "honour":
        shown["honour"] = choice_label(HonourKind, params.get("honour"))
    elif kind in ("red_list", "black_list"):
        shown["color"] = ListColor.RED.label if kind == "red_list" else ListColor.BLACK.label
        shown["regions"] = join_list(params.get("regions") or [])
    try:
        note = str(CREDIT_NOTES[kind]) % shown
    except (KeyError, TypeError, ValueError):
        return ""
    return note + (" · " + params["project"] if kind == "honour" and params.get("project") else "")
