"""The OpenAPI schema describes the error answers too (issue 22, attempt 13).

drf-spectacular documents what a view returns when it succeeds; the portal's views also answer
400 (a refused filter, body or rules check), 401 (no or an expired token), 403 (the role may
not), 404 (out of scope, or a page past the end), 409 (the object's state refuses the action,
``core.api.rule_errors``), 415 (a body that is not JSON or a form) and 429 (throttled). Each
operation lists the ones it can give, with the body DRF writes for them.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
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


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema plus each operation's error answers."""

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
