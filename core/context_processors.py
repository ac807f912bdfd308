"""The menu of the signed-in user (:mod:`core.menu`), marked where the page is under an entry."""

from django.urls import reverse

from .menu import badges, menu_for


def navigation(request):
    """Menu entries for the signed-in user, each marked active when the page is under it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path

    def link(label, name):
        url = reverse(name)
        return {"label": label, "url": url, "active": current == url if name == "home" else current.startswith(url)}

    counts = badges(user)
    nav = []
    for label, target in menu_for(user):
        if isinstance(target, list):
            children = [link(child_label, name) for child_label, name in target]
            nav.append({"label": label, "children": children, "active": any(c["active"] for c in children)})
        else:
            nav.append({**link(label, target), "badge": counts.get(target, 0)})
    return {"nav_items": nav}
