"""Exceptions the rules modules of every app raise, and the API maps once (core.api)."""

from django.core.exceptions import ValidationError


class InvalidState(ValidationError):
    """The action is not possible in the object's current state (someone may have acted first).
    Pages show the message; the API answers 409 Conflict."""

    def __init__(self, message):
        super().__init__(message, code="invalid_state")
