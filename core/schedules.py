"""Scheduled jobs. Each app contributes its own through its AppConfig — ``schedules = {name:
(task, crontab, description)}``, as it contributes menus and demo steps — and one post-migrate
step (:func:`install_after_migrate`, connected in ``core.apps``) installs the jobs that do not
exist yet into django-celery-beat's tables. From then on the database is the schedule:
administrators pause and re-time jobs in the admin, and a later ``migrate`` never overwrites what
they changed. The framework names no app above it.

Times are Asia/Shanghai; the crontab fields are minute, hour, day of month, month, day of week.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

TIMEZONE = "Asia/Shanghai"


def jobs() -> dict[str, tuple[str, str, str]]:
    """Every app's jobs by name: ``{name: (task, crontab, description)}``."""
    collected: dict[str, tuple[str, str, str]] = {}
    for config in apps.get_app_configs():
        for name, job in getattr(config, "schedules", {}).items():
            if name in collected:
                raise ImproperlyConfigured(f"scheduled job {name!r} is declared twice ({config.label})")
            collected[name] = job
    return collected


def install(periodic_task_model, crontab_model) -> int:
    """Create the jobs of :func:`jobs` that do not exist yet; return how many were created."""
    created = 0
    for name, (task, cron, description) in jobs().items():
        minute, hour, day_of_month, month_of_year, day_of_week = cron.split()
        crontab, _ = crontab_model.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            month_of_year=month_of_year,
            day_of_week=day_of_week,
            timezone=TIMEZONE,
        )
        _, is_new = periodic_task_model.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "description": description}
        )
        created += is_new
    return created


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: install the jobs that are missing, once the beat tables exist."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    if PeriodicTask._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated only part of the way: the next full migrate installs them
    install(PeriodicTask, CrontabSchedule)
