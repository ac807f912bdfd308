"""Request ids, one log line per request and per task, JSON lines with LOG_FORMAT=json."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.celery import app
from core import logs
from core.request_id import HEADER, request_id_var
from core.tasks import sweep_exports


@pytest.mark.django_db
def test_a_request_gets_a_new_id_in_the_response(client):
    response = client.get("/")
    assert len(response[HEADER]) == 32


@pytest.mark.django_db
def test_the_id_sent_by_the_proxy_is_kept(client):
    assert client.get("/", HTTP_X_REQUEST_ID="nginx-4f2a9c1d")[HEADER] == "nginx-4f2a9c1d"


@pytest.mark.django_db
def test_an_id_that_is_not_an_id_is_replaced(client):
    response = client.get("/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert response[HEADER] != "<script>alert(1)</script>" and len(response[HEADER]) == 32


def test_each_request_is_logged_once_with_user_status_and_duration(users, client_for, caplog):
    caplog.set_level(logging.INFO, logger="portal.request")
    response = client_for(users.city).get("/workbench/", HTTP_X_REQUEST_ID="req-00000001")
    (record,) = [r for r in caplog.records if r.name == "portal.request"]
    assert (record.request_id, record.user_id, record.status) == ("req-00000001", users.city.pk, response.status_code)
    assert record.path == "/workbench/" and record.duration_ms >= 0


@pytest.mark.django_db
def test_an_anonymous_request_is_logged_without_user(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.request")
    client.get("/")
    (record,) = [r for r in caplog.records if r.name == "portal.request"]
    assert record.user_id is None and record.status == 200


def test_the_json_formatter_writes_one_object_per_line_with_the_context():
    record = logging.LogRecord("portal.request", logging.INFO, __file__, 1, "GET %s", ("/",), None)
    record.status, record.duration_ms = 200, 3.5
    token = request_id_var.set("req-12345678")
    try:
        line = logs.JsonFormatter().format(record)
    finally:
        request_id_var.reset(token)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "GET /" and entry["request_id"] == "req-12345678"
    assert (entry["status"], entry["duration_ms"], entry["level"]) == (200, 3.5, "INFO")


def test_a_task_queued_during_a_request_carries_its_id():
    token = request_id_var.set("req-abcdef12")
    try:
        with app.connection_for_write("memory://") as connection:
            sweep_exports.apply_async(connection=connection)
            message = connection.SimpleQueue("celery").get(timeout=1)
    finally:
        request_id_var.reset(token)
    assert message.headers["request_id"] == "req-abcdef12"


def test_a_task_queued_outside_a_request_carries_none():
    with app.connection_for_write("memory://") as connection:
        sweep_exports.apply_async(connection=connection)
        message = connection.SimpleQueue("celery").get(timeout=1)
    assert "request_id" not in message.headers


@pytest.mark.django_db
def test_a_task_logs_its_id_duration_and_the_request_that_queued_it(caplog):
    caplog.set_level(logging.INFO, logger="portal.task")
    result = sweep_exports.apply(headers={"request_id": "req-abcdef12"})
    (record,) = [r for r in caplog.records if r.name == "portal.task"]
    assert (record.task_name, record.state) == ("core.tasks.sweep_exports", "SUCCESS")
    assert record.duration_ms >= 0
    entry = json.loads(logs.JsonFormatter().format(record))
    assert entry["request_id"] == "req-abcdef12" and entry["task_id"] == result.id
    assert request_id_var.get() is None and logs.task_id_var.get() is None


def test_log_format_json_switches_every_line_to_json():
    env = {**os.environ, "LOG_FORMAT": "json"}
    code = "import logging; logging.getLogger('portal.check').warning('你好 %s', 'json')"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    entry = json.loads(done.stderr.strip().splitlines()[-1])
    assert entry["message"] == "你好 json" and entry["logger"] == "portal.check"
