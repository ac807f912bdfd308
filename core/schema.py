"""The OpenAPI schema describes the error answers too (issue 22, attempt 13).

drf-spectacular documents what a view returns when it succeeds; the portal's views also answer
400 (a refused filter, body or rules check), 401 (no or an expired token), 403 (the role may
not), 404 (out of scope, or a page past the end), 409 (the object's state refuses the action,
``core.api.rule_errors``), 415 (a body that is not JSON or a form) and 429 (throttled). Each
operation lists the ones it can give, with the body DRF writes for them.
"""

from __future__ import annotations

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

ERROR_BODY = {
    "type": "object",
    "description": "``detail`` says why in words; ``code`` names the rule (rules refusals). A refused body "
    "gives its fields' messages, each a list of strings, under the fields' names.",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "additionalProperties": True,
}

DESCRIPTIONS = {
    400: "Invalid filter, parameter or body, or refused by a rule",
    401: "No valid API token or session",
    403: "The role may not take this action",
    404: "Not found, outside the user's scope, or past the last page",
    409: "The object's state refuses the action",
    415: "Unsupported request body type",
    429: "Too many requests",
}
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _model_field(field):
    """The model field a serializer field reads (following ``a.b`` sources), or None."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    model_field = None
    for attr in getattr(field, "source_attrs", None) or []:
        if model is None:
            return None
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return None
        model = model_field.related_model
    return model_field


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema plus each operation's error answers, and the blank value of
    read-only choice fields.

    A ModelSerializer drops ``allow_blank`` from its read-only fields (DRF does not validate
    them), so a model's ``CharField(choices=…, blank=True)`` (a complaint's ``outcome`` before
    it is closed) would be documented as one of its choices only, while the answer holds ``""``.
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if (
            field.read_only
            and isinstance(field, serializers.ChoiceField)
            and not field.allow_blank
            and getattr(_model_field(field), "blank", False)
        ):
            field = copy.copy(field)
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _error_statuses(self) -> list[int]:
        method = self.method.upper()
        statuses = [400]  # any request: a refused parameter or body, or a NUL in the query (core.request_guards)
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            statuses += [401, 403]
        statuses.append(404)  # an object in the path or a query (a region, a page) out of scope or missing
        if method in WRITES:
            statuses += [409, 415]
        if self.view.get_throttles():
            statuses.append(429)
        return sorted(set(statuses))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        for status in self._error_statuses():
            responses.setdefault(
                str(status),
                {"content": {"application/json": {"schema": ERROR_BODY}}, "description": DESCRIPTIONS[status]},
            )
        return responses
