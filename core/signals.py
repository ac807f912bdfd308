"""Signals the framework sends so that upper layers can react without core knowing them."""

from django.dispatch import Signal

# Sent when a user exports a list to Excel (inline or in the background), with ``request``,
# ``name`` (the list's title) and ``filters`` (the query parameters). accounts audits it.
list_exported = Signal()
