"""``{% panels "slot" obj %}``: the panels other apps registered for this page (:mod:`core.panels`)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot, obj):
    request = context.get("request")
    html = [render_to_string(name, extra, request=request) for name, extra in registry.contexts(slot, obj)]
    return mark_safe("".join(html))  # noqa: S308 (rendered templates, escaped by them)
