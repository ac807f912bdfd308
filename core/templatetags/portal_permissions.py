"""``{% may "app.action" obj as flag %}``: the same rule as ``core.permissions.may``, so a page
shows a button exactly when the request behind it would be accepted."""

from django import template

from core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, action, obj=None):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return permissions.may(user, action, obj)


@register.simple_tag(takes_context=True)
def may_somewhere(context, action):
    """Whether the user's role may take ``action`` at all (a "new …" button before an object)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return permissions.holds_role(user, action)
