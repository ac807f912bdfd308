"""Punctuation in the reader's language for templates (see :mod:`core.punctuation`):
``{% colon %}`` after a label, ``{{ names|join_list }}``, ``{{ reasons|join_clauses }}`` and
``{{ value|parens }}`` instead of a full-width mark written in the template."""

from django import template

from core import punctuation

register = template.Library()


@register.simple_tag
def colon():
    return punctuation.colon()


@register.filter(is_safe=True)
def join_list(items):
    return punctuation.join_html(items or [], punctuation.list_separator())


@register.filter(is_safe=True)
def join_clauses(items):
    return punctuation.join_html(items or [], punctuation.clause_separator())


@register.filter(is_safe=True)
def parens(value):
    return punctuation.parenthesised_html(value)


@register.simple_tag
def list_separator():
    return punctuation.list_separator()


@register.simple_tag
def clause_separator():
    return punctuation.clause_separator()


@register.simple_tag
def comma():
    return punctuation.comma()


@register.simple_tag
def full_stop():
    return punctuation.full_stop()
