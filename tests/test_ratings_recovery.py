"""The scoring job recovers by itself (issue 21 §8): a partition is retried on database errors
with backoff, every failure is written on the run (text and time) and shown to officers, and a
beat job queues again the partitions of a run stuck computing longer than SCORING_STUCK_MINUTES."""

import datetime as dt
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from core import schedules
from ratings import jobs, tasks
from ratings.choices import RunStatus
from ratings.models import ScoringRun

from .test_ratings import Q2


@pytest.fixture
def computing(tree):
    """Q2 started (district partitions 370102 and 370103), nothing computed yet."""
    return jobs.start(Q2, enqueue=False)


def _flaky(failures: int, error=OperationalError):
    """scoring.write that raises ``error`` ``failures`` times, then writes."""
    real, calls = jobs.scoring.write, []

    def write(*args, **kwargs):
        calls.append(1)
        if len(calls) <= failures:
            raise error("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    return write, calls


def test_the_partition_task_retries_database_errors_with_backoff():
    task = tasks.compute_partition
    assert set(task.autoretry_for) == {OperationalError, InterfaceError}
    assert task.retry_backoff and task.retry_jitter and task.max_retries == 5 and task.acks_late


def test_a_database_error_is_retried_and_written_on_the_run(computing, monkeypatch):
    write, calls = _flaky(2)
    monkeypatch.setattr(jobs.scoring, "write", write)
    before = timezone.now()
    result = tasks.compute_partition.apply(args=[computing.pk, "370102"])
    assert result.successful() and result.result == 1 and len(calls) == 3
    run = ScoringRun.objects.get(pk=computing.pk)
    assert run.partitions_done == ["370102"] and run.status == RunStatus.COMPUTING
    assert "370102" in run.error and "将自动重试" in run.error and run.error_at >= before
    tasks.compute_partition.apply(args=[computing.pk, "370103"])
    assert ScoringRun.objects.get(pk=computing.pk).status == RunStatus.DRAFT  # recovered: finished


def test_when_the_retries_run_out_the_failure_stays_on_the_run(computing, monkeypatch, client_for, users):
    write, calls = _flaky(100, InterfaceError)
    monkeypatch.setattr(jobs.scoring, "write", write)
    result = tasks.compute_partition.apply(args=[computing.pk, "370103"])
    assert result.failed() and len(calls) == 1 + tasks.compute_partition.max_retries
    run = ScoringRun.objects.get(pk=computing.pk)
    assert run.status == RunStatus.COMPUTING and run.partitions_done == []
    assert "重试已用完" in run.error and "server closed the connection" in run.error and run.error_at
    page = client_for(users.city).get("/ratings/").content.decode()
    assert "重试已用完" in page and "run-error" in page
    assert "重试已用完" not in client_for(users.ent_a).get("/ratings/").content.decode()


def test_other_errors_are_not_retried_but_recorded(computing, monkeypatch):
    write, calls = _flaky(100, ZeroDivisionError)
    monkeypatch.setattr(jobs.scoring, "write", write)
    result = tasks.compute_partition.apply(kwargs={"run_id": computing.pk, "code": "370102"})
    assert result.failed() and len(calls) == 1
    run = ScoringRun.objects.get(pk=computing.pk)
    assert "重试已用完" in run.error and "server closed the connection" in run.error and run.error_at


def test_a_run_stuck_computing_has_its_missing_partitions_queued_again(
    computing, settings, django_capture_on_commit_callbacks
):
    settings.SCORING_STUCK_MINUTES = 30
    jobs.compute_partition(computing.pk, "370102")  # one done; 370103's message was lost
    queued_at = ScoringRun.objects.get(pk=computing.pk).queued_at
    with mock.patch.object(jobs.current_app, "send_task") as send:
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.requeue_stuck(now=queued_at + dt.timedelta(minutes=29)) == 0  # not stuck yet
        assert send.call_count == 0
        later = queued_at + dt.timedelta(minutes=31)
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.requeue_stuck(now=later) == 1
        send.assert_called_once_with(jobs.PARTITION_TASK, args=[computing.pk, "370103"])
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.requeue_stuck(now=later + dt.timedelta(minutes=1)) == 0  # claimed: queued_at moved
        assert send.call_count == 1
    assert ScoringRun.objects.get(pk=computing.pk).queued_at == later
    tasks.compute_partition.apply(args=[computing.pk, "370103"])
    assert ScoringRun.objects.get(pk=computing.pk).status == RunStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.requeue_stuck(now=later + dt.timedelta(days=1)) == 0  # a finished run is left alone


def test_the_sweeper_is_a_scheduled_job_and_its_threshold_a_setting(db, settings):
    schedules.install(PeriodicTask, CrontabSchedule)
    job = PeriodicTask.objects.get(name="ratings-requeue-stuck-scoring")
    assert job.task == "ratings.tasks.requeue_stuck_runs" and job.enabled
    from config import settings as config_settings

    assert config_settings.SCORING_STUCK_MINUTES == 30  # the default without SCORING_STUCK_MINUTES
