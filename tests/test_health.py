"""/healthz and /readyz: JSON, no login, 503 naming the check that failed."""

import datetime as dt

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder

from core import health
from core.models import CalendarDay


@pytest.fixture(autouse=True)
def _forget_migrations_check():
    health._Migrations.all_applied = False
    yield
    health._Migrations.all_applied = False


@pytest.fixture(autouse=True)
def _in_2026(monkeypatch):
    """The calendar check wants this year and the next: 2026 and 2027 ship (and the fixtures load them)."""
    monkeypatch.setattr(health, "localdate", lambda: dt.date(2026, 12, 6))


def test_healthz_answers_without_login_or_database(client):
    response = client.get("/healthz")  # without the db mark, a query here would raise
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_healthz_answers_a_balancer_probing_by_ip_address(client):
    assert client.get("/healthz", HTTP_HOST="10.0.0.7").status_code == 200


@pytest.mark.django_db
def test_readyz_is_ok_when_database_redis_migrations_and_calendar_are(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "ok", "migrations": "ok", "calendar": "ok"},
    }


@pytest.mark.django_db
def test_readyz_remembers_that_migrations_are_applied(client, django_assert_num_queries):
    client.get("/readyz")
    with django_assert_num_queries(2):  # SELECT 1 and the calendar's years, not the migrations
        assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_fails_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "error: OperationalError" and checks["redis"] == "ok"
    assert checks["migrations"].startswith("skipped") and checks["calendar"].startswith("skipped")


@pytest.mark.django_db
def test_readyz_names_the_failure_but_logs_the_details(client, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError('could not connect to server "db.internal" as user "portal"')

    monkeypatch.setattr(connection, "cursor", refuse)
    body = client.get("/readyz").content.decode()
    assert "db.internal" not in body
    assert any("db.internal" in r.getMessage() for r in caplog.records if r.name == "core.health")


@pytest.mark.django_db
def test_readyz_fails_when_redis_is_down(client, settings):
    settings.CACHE_URL = "redis://127.0.0.1:1/1"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["redis"] == "error: ConnectionError"
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_fails_when_a_migration_is_not_applied(client):
    MigrationRecorder.Migration.objects.filter(app="core", name="0002_scheduled_jobs").delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "unapplied: core.0002_scheduled_jobs"


@pytest.mark.django_db
def test_readyz_reports_a_missing_calendar_year_without_taking_the_node_out(client):
    CalendarDay.objects.filter(date__year=2027).delete()
    response = client.get("/readyz")
    assert response.status_code == 200  # every node shares the fault: report it, keep serving
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["calendar"] == "missing 2027"


@pytest.mark.django_db
def test_readyz_names_every_year_without_calendar_days(client, monkeypatch):
    CalendarDay.objects.filter(date__year=2026).delete()
    CalendarDay.objects.create(date=dt.date(2028, 1, 3), is_workday=False, name="临时停工")
    monkeypatch.setattr(health, "localdate", lambda: dt.date(2026, 1, 1))
    assert client.get("/readyz").json()["checks"]["calendar"] == "missing 2026"
    monkeypatch.setattr(health, "localdate", lambda: dt.date(2028, 6, 1))
    assert client.get("/readyz").json()["checks"]["calendar"] == "missing 2029"
    monkeypatch.setattr(health, "localdate", lambda: dt.date(2030, 6, 1))
    assert client.get("/readyz").json()["checks"]["calendar"] == "missing 2030, 2031"
