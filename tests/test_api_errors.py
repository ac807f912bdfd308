"""Every /api/ answer is JSON, also the errors no API view gives (issue 22, attempt 13): a path
whose URL converter does not match, a NUL in the query, a server error; and the schema allows
the blank value of read-only choice fields that the answers hold."""

import pytest
from django.test import Client

from .factories import make_complaint


def _json_error(response, status, code=None):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["detail"] and body.get("code") == code, body
    return body


@pytest.mark.parametrize(
    "url",
    ["/api/v1/complaints/1.5e-276/", "/api/v1/draws/-0.1/verify/", "/api/v1/open-data/a%20b/", "/api/v1/nothing/"],
)
def test_an_api_path_no_url_matches_is_a_json_404(db, users, client_for, url):
    _json_error(client_for(users.city).get(url), 404, "not_found")


def test_a_page_no_url_matches_stays_the_html_404(db, users, client_for):
    response = client_for(users.city).get("/registry/projects/abc/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_nul_in_an_api_query_is_a_json_400_and_on_a_page_plain_text(db, users, client_for):
    client = client_for(users.city)
    body = _json_error(client.get("/api/v1/projects/?search=a%00b"), 400, "invalid_characters")
    assert "非法字符" in body["detail"]
    _json_error(client.get("/api/v1/projects/a%00b/"), 400, "invalid_characters")
    page = client.get("/registry/projects/?q=a%00b")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/plain")


def test_a_server_error_under_the_api_is_json(db, monkeypatch):
    from dashboards.api import OpenDataListView

    def fail(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(OpenDataListView, "get", fail)
    client = Client(raise_request_exception=False)
    body = _json_error(client.get("/api/v1/open-data/"), 500, "server_error")
    assert "boom" not in body["detail"]  # nothing of the exception reaches the client


def test_read_only_choices_the_model_leaves_blank_allow_the_blank_value(tree, users, client_for):
    client = client_for(users.city)
    complaint = make_complaint(tree.project_a)
    answer = client.get(f"/api/v1/complaints/{complaint.pk}/").json()
    assert answer["outcome"] == "" and answer["feedback"] == ""  # not closed, not rated yet
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["components"]["schemas"]
    properties = schema["Complaint"]["properties"]
    for name in ("outcome", "feedback", "assignee_kind", "stage"):
        allowed = {ref["$ref"].rsplit("/", 1)[1] for ref in properties[name]["oneOf"]}
        assert "BlankEnum" in allowed, name
    assert "oneOf" not in properties["status"]  # a choice the model never leaves blank stays strict
