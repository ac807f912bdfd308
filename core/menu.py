"""The main menu, assembled from what each app contributes in its ``AppConfig.ready``.

An app registers :class:`Entry` objects (label, URL name, position, who sees it, and optionally
the section it belongs in); the framework knows none of the apps' URLs. A section collapses its
entries into a dropdown at the section's position.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Dropdown sections: key → (label, position in the menu bar).
SECTIONS = {
    "supervision": (_("监管"), 20),
    "registry": (_("基础信息"), 30),
    "my_enterprise": (_("本企业"), 30),
}


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    order: int
    visible_to: tuple[str, ...] = ()  # User properties of which one must be true; () = everyone
    section: str = ""  # a key of SECTIONS, or "" for the menu bar itself
    badge: str = ""  # dotted path of ``f(user) -> int`` shown next to the label (e.g. unread messages)

    def shown_to(self, user) -> bool:
        return not self.visible_to or any(getattr(user, name, False) for name in self.visible_to)


_entries: list[Entry] = []


def register(*entries: Entry) -> None:
    """Add entries to the menu (idempotent: apps.ready may run twice in tests)."""
    _entries.extend(e for e in entries if e not in _entries)


register(Entry(_("工作台"), "home", 0))


def badge_for(entry: Entry, user) -> int:
    """The entry's count for ``user`` (0 without a badge)."""
    from django.utils.module_loading import import_string

    return import_string(entry.badge)(user) if entry.badge else 0


# Counts are kept this long per user (every page shows them; each is a query): a new message or
# task shows within half a minute, and what the user did themselves at once (forget_badges).
BADGE_SECONDS = 30


def _badge_key(user_id) -> str:
    return f"menu:badges:{user_id}"


def badges(user) -> dict[str, int]:
    """URL name → count, for the bar's entries that have one."""
    from django.core.cache import cache

    counts = cache.get(_badge_key(user.pk))
    if counts is None:
        counts = {e.url_name: badge_for(e, user) for e in _entries if e.badge and not e.section and e.shown_to(user)}
        cache.set(_badge_key(user.pk), counts, BADGE_SECONDS)
    return counts


def forget_badges(*user_ids) -> None:
    """Count again on the next page: call when a user's counts changed (now, and once more after
    the transaction commits, so that a page rendered in between does not keep the old count)."""
    from django.core.cache import cache
    from django.db import transaction

    keys = [_badge_key(pk) for pk in user_ids if pk is not None]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def active_url(urls, path: str, home: str = "") -> str | None:
    """The one menu URL the page at ``path`` belongs under: the longest that ``path`` starts
    with (``home`` only when it is the page itself). A page is never under two entries — e.g.
    /enterprises/changes/ highlights 变更审核, not 物业企业 as well."""
    candidates = [url for url in urls if (path == url if url == home else path.startswith(url))]
    return max(candidates, key=len, default=None)


def menu_for(user) -> list[tuple[str, str | list[tuple[str, str]]]]:
    """``(label, url name)`` and ``(section label, [(label, url name), …])`` the user sees, in order."""
    bar: list[tuple[int, int, str, object]] = []
    sections: dict[str, list[Entry]] = {}
    for entry in (e for e in _entries if e.shown_to(user)):
        if entry.section:
            sections.setdefault(entry.section, []).append(entry)
        else:
            bar.append((entry.order, 0, entry.label, entry.url_name))
    for key, entries in sections.items():
        label, order = SECTIONS[key]
        children = [(e.label, e.url_name) for e in sorted(entries, key=lambda e: e.order)]
        bar.append((order, 1, label, children))
    return [(label, target) for _order, _kind, label, target in sorted(bar, key=lambda item: item[:2])]
