"""The menu of the signed-in user (:mod:`core.menu`), marked where the page is under an entry."""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

from .menu import active_url, badges, menu_for


@lru_cache(maxsize=512)
def _url(name: str, _prefix: str) -> str:
    """A menu entry's URL: the same for every page, so looked up once per process (and prefix)."""
    return reverse(name)


def navigation(request):
    """Menu entries for the signed-in user, each marked active when the page is under it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    menu = menu_for(user)
    names = [n for _label, t in menu for n in ([name for _l, name in t] if isinstance(t, list) else [t])]
    prefix = get_script_prefix()
    urls = {name: _url(name, prefix) for name in names}
    active = active_url(urls.values(), request.path, home=urls.get("home", ""))

    def link(label, name):
        return {"label": label, "url": urls[name], "active": urls[name] == active}

    counts = badges(user)
    nav = []
    for label, target in menu:
        if isinstance(target, list):
            children = [link(child_label, name) for child_label, name in target]
            nav.append({"label": label, "children": children, "active": any(c["active"] for c in children)})
        else:
            nav.append({**link(label, target), "badge": counts.get(target, 0)})
    return {"nav_items": nav}
