"""Scheduled jobs: installed in the database, every one a real task, last run recorded, and
only one beat sends them."""

import logging
import uuid
from datetime import timedelta

import pytest
from celery import beat
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from config.celery import app
from core import schedules
from core.beat import LockedDatabaseScheduler, SingleBeatMixin
from core.choices import JobOutcome
from core.models import JobRun

OLD_FIXED_SCHEDULE = {
    "accounts.tasks.purge_expired_sessions",
    "complaints.tasks.sweep_overdue",
    "complaints.tasks.auto_close_without_feedback",
    "notifications.tasks.sweep_notifications",
    "inspections.tasks.sweep_overdue_orders",
    "inspections.tasks.self_report_cycle",
    "core.tasks.sweep_exports",
    "accounts.tasks.purge_old_login_records",
}


@pytest.fixture
def jobs(db):
    # The migration installed them; a transactional test elsewhere may have flushed them.
    schedules.install(PeriodicTask, CrontabSchedule)
    return {job.name: job for job in PeriodicTask.objects.select_related("crontab")}


def test_it_keeps_every_job_of_the_old_fixed_schedule(jobs):
    assert {job.task for job in jobs.values()} >= OLD_FIXED_SCHEDULE


def test_every_job_names_a_registered_task(jobs):
    app.loader.import_default_modules()
    assert {job.task for job in jobs.values()} <= set(app.tasks)


def test_sla_sweep_runs_every_ten_minutes_and_auto_close_daily(jobs):
    sweep, close = jobs["complaints-sweep-overdue"].crontab, jobs["complaints-auto-close"].crontab
    assert (sweep.minute, sweep.hour) == ("*/10", "*")
    assert close.hour.isdigit() and close.day_of_month == "*"
    assert str(close.timezone) == "Asia/Shanghai"


def test_installing_again_keeps_what_an_administrator_changed(jobs):
    job = jobs["exports-sweep"]
    job.enabled = False
    job.crontab = CrontabSchedule.objects.create(minute="0", hour="*")
    job.save()
    assert schedules.install(PeriodicTask, CrontabSchedule) == 0
    job.refresh_from_db()
    assert not job.enabled and job.crontab.minute == "0"


def _run_as_beat(task, job_name):
    """Run a task the way a worker runs what beat sent: with the job's name in the headers."""
    return task.apply(headers={"periodic_task_name": job_name})


def test_a_jobs_last_run_is_recorded_with_outcome_and_duration(jobs):
    from core.tasks import sweep_exports

    _run_as_beat(sweep_exports, "exports-sweep")
    run = JobRun.objects.get(job=jobs["exports-sweep"])
    assert run.outcome == JobOutcome.SUCCESS
    assert run.finished >= run.started and run.duration is not None and run.error == ""


def test_a_failed_job_records_the_error(jobs, monkeypatch):
    from core import exports
    from core.tasks import sweep_exports

    def broken():
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "sweep", broken)
    _run_as_beat(sweep_exports, "exports-sweep")
    run = JobRun.objects.get(job=jobs["exports-sweep"])
    assert run.outcome == JobOutcome.FAILURE and "disk full" in run.error


def test_tasks_not_sent_by_beat_leave_no_record(jobs):
    from core.tasks import sweep_exports

    sweep_exports.apply()
    assert not JobRun.objects.exists()


def test_admin_lists_jobs_with_their_last_run(jobs, users, client_for):
    from core.tasks import sweep_exports

    _run_as_beat(sweep_exports, "exports-sweep")
    html = client_for(users.admin).get("/admin/django_celery_beat/periodictask/").content.decode()
    assert "exports-sweep" in html and "成功" in html
    page = client_for(users.admin).get(f"/admin/django_celery_beat/periodictask/{jobs['exports-sweep'].pk}/change/")
    assert page.status_code == 200 and "上次运行" in page.content.decode()


def test_officers_do_not_see_the_schedule(jobs, users, client_for):
    response = client_for(users.district_a).get("/admin/django_celery_beat/periodictask/")
    assert response.status_code in (302, 403)


class RecordingBeat(SingleBeatMixin, beat.Scheduler):
    """The lock on Celery's in-memory scheduler: records what it would send."""

    def __init__(self, key, **kwargs):
        self.lock_key = key
        self.sent = []
        super().__init__(app, lazy=True, **kwargs)

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        self.sent.append(entry.name)


def _due_schedule():
    return {"sweep": {"task": "core.tasks.sweep_exports", "schedule": 0.001}}


@pytest.fixture
def beats(settings):
    settings.BEAT_LOCK_SECONDS = 3
    key = f"test-beat-lock-{uuid.uuid4().hex}"
    first, second = RecordingBeat(key), RecordingBeat(key)
    for scheduler in (first, second):
        scheduler.setup_schedule()
        scheduler.merge_inplace(_due_schedule())
    yield first, second
    for scheduler in (first, second):
        scheduler.close()


def test_a_second_beat_sends_nothing_while_the_first_runs(beats, caplog):
    caplog.set_level(logging.INFO, logger="core.beat")
    first, second = beats
    for _ in range(3):
        first.tick()
        second.tick()
    assert first.sent and second.sent == []
    assert [r.getMessage() for r in caplog.records].count("beat: another beat holds the lock; standing by") == 1


def test_the_second_beat_takes_over_when_the_first_stops(beats):
    first, second = beats
    first.tick()
    second.tick()
    first.close()
    second.tick()
    assert second.sent == ["sweep"]


def test_a_standby_beat_wakes_before_the_lock_would_expire(beats, settings):
    first, second = beats
    first.tick()
    assert second.tick() <= settings.BEAT_LOCK_SECONDS / 2


class RecordingDatabaseBeat(LockedDatabaseScheduler):
    """The Procfile's scheduler on the real database schedule, recording what it would send."""

    def __init__(self, key):
        self.lock_key = key
        self.sent = []
        super().__init__(app)

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        self.sent.append(entry.name)


# Transactional: the database scheduler commits and closes its connection between ticks.
@pytest.mark.django_db(transaction=True)
def test_two_database_beats_send_a_due_job_once(settings):
    settings.BEAT_LOCK_SECONDS = 3
    # Only this test's job: the installed ones (*/2, */5 minutes …) are due once the clock has
    # passed their next minute since the test database was migrated, and would be sent too.
    PeriodicTask.objects.update(enabled=False)
    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="due-now",
        task="core.tasks.sweep_exports",
        interval=every_second,
        last_run_at=timezone.now() - timedelta(hours=1),
    )
    key = f"test-beat-lock-{uuid.uuid4().hex}"
    first, second = RecordingDatabaseBeat(key), RecordingDatabaseBeat(key)
    try:
        first.tick()
        second.tick()
    finally:
        first.close()
        second.close()
    assert first.sent == ["due-now"] and second.sent == []


def test_each_app_declares_its_own_jobs_and_the_framework_names_none():
    from django.apps import apps as registry

    for config in registry.get_app_configs():
        for name, (task, _cron, _description) in getattr(config, "schedules", {}).items():
            assert task.startswith(f"{config.name}.tasks."), f"{name} is declared by {config.label}"
    assert set(schedules.jobs()) >= {"complaints-sweep-overdue", "ratings-sync-credit", "dashboards-open-data"}
    import inspect

    from core import apps as core_apps

    framework = inspect.getsource(schedules) + inspect.getsource(core_apps)
    for upper in ("complaints.", "ratings.", "dashboards.", "inspections.", "notifications.", "accounts."):
        assert upper not in framework


@pytest.mark.django_db(transaction=True)
def test_migrate_installs_missing_jobs_and_keeps_the_others():
    from django.core.management import call_command

    PeriodicTask.objects.filter(name="ratings-sync-credit").delete()
    PeriodicTask.objects.filter(name="exports-sweep").update(enabled=False)
    call_command("migrate", verbosity=0)  # nothing to migrate: the post-migrate step still runs
    assert PeriodicTask.objects.filter(name="ratings-sync-credit", task="ratings.tasks.sync_credit").exists()
    assert not PeriodicTask.objects.get(name="exports-sweep").enabled
