"""Nothing personal is kept by a browser or a proxy: ``Cache-Control: private, no-store`` on
every signed-in response and private download; public pages keep their caching for anonymous
visitors (issue 22, item 12)."""

import datetime as dt

from django.core.cache import cache
from rest_framework.authtoken.models import Token

from complaints.choices import Channel
from complaints.models import ApiClient
from dashboards import bulletins

PRIVATE = "private, no-store"


def _private(response):
    return response["Cache-Control"] == PRIVATE and not response.has_header("Expires")


def test_staff_pages_and_exports_are_private(tree, users, client_for):
    client = client_for(users.city)
    for url in ("/workbench/", "/complaints/", "/accounts/staff/", "/registry/projects/", "/ratings/honours/"):
        response = client.get(url)
        assert response.status_code == 200 and _private(response), url
    export = client.get("/registry/projects/?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    assert _private(export)
    refused = client_for(users.district_b).get(f"/registry/coverage/?region={tree.a.code}&export=xlsx")
    assert refused.status_code == 404 and _private(refused)


def test_bulletin_downloads_are_private(tree, users, client_for):
    bulletin = bulletins.generate(tree.a, dt.date(2026, 11, 2))
    client = client_for(users.district_a)
    for suffix in ("", "bulletin.docx", "chart.png"):
        response = client.get(f"/dashboards/bulletins/{bulletin.pk}/{suffix}")
        assert response.status_code == 200 and _private(response), suffix


def test_api_answers_to_a_credential_are_private(tree, users, client):
    token = Token.objects.create(user=users.district_a)
    signed = client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert signed.status_code == 200 and _private(signed)
    assert _private(client.get("/api/v1/projects/", HTTP_AUTHORIZATION="Token nonsense"))
    _api_client, key = ApiClient.issue("开放平台", Channel.API)
    assert _private(client.get("/open311/v2/requests.json", {"api_key": key}))


def test_signing_in_and_a_residents_session_are_private(tree, users, client, settings):
    settings.AXES_ENABLED = False
    users.city.set_password("a-long-enough-passphrase")
    users.city.save()
    signed_in = client.post("/accounts/login/", {"username": "city", "password": "a-long-enough-passphrase"})
    assert signed_in.status_code == 302 and _private(signed_in)
    client.logout()
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-residents-session"
    assert _private(client.get("/complaint/track/"))


def test_public_statistics_stay_cached_for_anonymous_visitors_only(tree, users, client_for):
    cache.clear()
    anonymous = client_for(None).get("/statistics/")
    assert anonymous.status_code == 200 and "max-age=300" in anonymous["Cache-Control"]
    assert "private" not in anonymous["Cache-Control"] and "no-store" not in anonymous["Cache-Control"]
    officer = client_for(users.city).get("/statistics/")
    assert officer.status_code == 200 and _private(officer)
    cache.clear()
    client_for(users.city).get("/statistics/")  # an officer's rendering is never stored for others
    again = client_for(None).get("/statistics/")
    assert users.city.username not in again.content.decode() and "max-age=300" in again["Cache-Control"]
    home = client_for(None).get("/")
    assert "private" not in home.get("Cache-Control", "")
