"""Signals of the enterprise registry, for upper layers to react to (notifications tells the
enterprise); sent inside the deciding transaction, so what a receiver writes commits with it."""

from django.dispatch import Signal

# Sent when a bureau officer approves or rejects a profile change request, with ``change``.
change_request_decided = Signal()
