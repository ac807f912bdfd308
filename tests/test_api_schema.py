"""The OpenAPI schema describes the answers (issue 22, attempt 13): nullable names are nullable,
and each operation documents its error statuses with the error body."""

import pytest


@pytest.fixture
def schema(db, client_for, users):
    return client_for(users.admin).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()


def test_names_of_missing_projects_are_nullable(schema):
    components = schema["components"]["schemas"]
    for name, field in [
        ("Honour", "project_name"),
        ("ListEntry", "project_name"),
        ("CreditRecord", "period"),
        ("Region", "parent"),
    ]:
        assert components[name]["properties"][field].get("nullable") is True, (name, field)


def test_every_operation_documents_its_error_statuses(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            anonymous = {} in operation.get("security", [{}])
            assert "404" in documented and ({"401", "403"} <= documented or anonymous), (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert {"400", "409", "415"} <= documented, (method, path)
            if any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert "400" in documented, (method, path)
            error = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert "detail" in error["properties"], (method, path)
