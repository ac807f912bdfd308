"""Schemathesis over the OpenAPI schema (issue 10, item 4; issue 22): bounded examples of every
operation, valid and invalid, sent by a few roles straight to the WSGI application. No answer is a
5xx, and each answer conforms to the schema: a status the operation documents, with the documented
content type and a body its schema allows."""

import contextlib

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .factories import make_complaint
from .test_ratings_api import make_rated

# Each answer: no 5xx, a status the operation documents, with the documented content type and body.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 3  # per operation, mode and role: the whole run stays within a few tens of seconds


@pytest.fixture
def api_schema(db):
    """The schema, served by the WSGI application inside the test's transaction: like Django's
    test client, keep the request signals from closing the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _strategies(operation):
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        try:
            yield mode, operation.as_strategy(generation_mode=mode)
        except Exception:  # nothing to negate in an operation without parameters
            continue


def _explore(operation, mode, strategy, tokens, failures):
    """Send ``EXAMPLES`` generated cases of one operation, each with every role's token."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        for token in tokens:
            headers = {"Authorization": f"Token {token}"}
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (AssertionError, FailureGroup) as error:  # one failure, or several of one response
                failures.append(
                    (operation.label, mode.value, case.path_parameters, case.query, case.body, str(error)[:600])
                )

    with contextlib.suppress(Unsatisfiable):  # no invalid variant of an unconstrained operation
        run()


def test_every_operation_answers_as_its_schema_documents(api_schema, tree, users, world):
    """With something in each list (``world``, and lists, stars, credit and honours naming no
    project), so that the bodies checked hold the blank and null values the schema must allow."""
    make_rated(tree, users)
    make_complaint(tree.project_a)
    tokens = [Token.objects.create(user=u).key for u in (users.admin, users.district_a, users.ent_a)]
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode, strategy in _strategies(operation):
            _explore(operation, mode, strategy, tokens, failures)
    assert failures == [], "\n".join(map(str, failures[:20]))
