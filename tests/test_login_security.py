import time

import pytest
from django.conf import settings

from accounts.choices import Role
from accounts.middleware import IDLE_KEY
from accounts.models import User
from core.choices import AuditAction
from core.models import AuditEvent

from .factories import UserFactory


@pytest.fixture
def officer(tree):
    return UserFactory(username="officer", role=Role.DISTRICT_OFFICER, region=tree.a)


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_is_recorded(client, officer):
    response = login(client, "officer", settings.DEMO_PASSWORD)
    assert response.status_code == 302 and response.url == "/workbench/"
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == officer and event.ip_address == "127.0.0.1"


def test_failed_login_is_recorded_with_a_chinese_message(client, officer):
    response = login(client, "officer", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="officer").count() == 1


def test_repeated_failures_lock_the_account_out(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "officer", "wrong-password")
    response = login(client, "officer", settings.DEMO_PASSWORD)  # right password, too late
    assert response.status_code == 429
    assert "临时锁定" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_staff_session_expires_after_inactivity(client, officer, settings):
    client.force_login(officer)
    assert client.get("/workbench/").status_code == 200
    session = client.session
    session[IDLE_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get("/workbench/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.get("/workbench/").status_code == 302


def test_active_session_is_kept(client, officer):
    client.force_login(officer)
    for _ in range(3):
        assert client.get("/workbench/").status_code == 200


@pytest.mark.parametrize("password", ["short1", "12345678901", "password123", "officer2026x"])
def test_password_validators_refuse_weak_passwords(password, officer):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password, officer)


def test_user_role_requires_matching_home(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        User(username="x", role=Role.DISTRICT_OFFICER, region=tree.a1).full_clean()
    assert "region" in exc.value.message_dict
    with pytest.raises(ValidationError):
        User(username="y", role=Role.ENTERPRISE_USER).full_clean()


def test_logout_is_recorded(client, officer):
    client.force_login(officer)
    client.post("/accounts/logout/")
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=officer).exists()
