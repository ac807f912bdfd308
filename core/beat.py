"""The beat scheduler: django-celery-beat's database schedule, sent by one beat at a time.

Two beats (a second machine started by mistake, a deployment that overlaps the old one) would
send every job twice. Each beat therefore sends jobs only while it holds a Redis lock, renewed
on every tick; the other stands by and takes over within ``BEAT_LOCK_SECONDS`` when the active
one dies. Redis is the broker too, so a beat that cannot reach it could not send anyway.
"""

import contextlib
import logging

import redis
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler
from redis.exceptions import LockError

logger = logging.getLogger(__name__)


class SingleBeatMixin:
    """Send jobs only while holding the beat lock (mixed into a Celery ``Scheduler``)."""

    lock_key = "portal:beat-lock"
    _lock = None
    _standing_by = False

    @property
    def lock(self):
        if self._lock is None:
            client = redis.Redis.from_url(settings.CACHE_URL, socket_timeout=5, socket_connect_timeout=5)
            self._lock = client.lock(self.lock_key, timeout=settings.BEAT_LOCK_SECONDS)
        return self._lock

    @property
    def standby_interval(self) -> float:
        return max(1.0, settings.BEAT_LOCK_SECONDS / 3)

    def tick(self, *args, **kwargs):
        if not self.hold_lock():
            return self.standby_interval
        return min(super().tick(*args, **kwargs), self.standby_interval)

    def hold_lock(self) -> bool:
        """Renew the lock if this beat holds it, else try to take it."""
        try:
            try:
                self.lock.reacquire()
                return True
            except LockError:
                pass
            if not self.lock.acquire(blocking=False):
                self._stand_by()
                return False
        except redis.RedisError as exc:
            logger.warning("beat: Redis unreachable, not sending jobs: %s", exc)
            return False
        logger.info("beat: holding the beat lock; sending scheduled jobs")
        self._standing_by = False
        self.took_over()
        return True

    def _stand_by(self):
        if not self._standing_by:  # say it once, not on every tick
            logger.info("beat: another beat holds the lock; standing by")
            self._standing_by = True

    def took_over(self):
        """Forget what was read while standing by: the beat that ran before moved the jobs on."""
        self._heap = None

    def close(self):
        # Not held, or Redis gone: the lock then expires on its own.
        with contextlib.suppress(LockError, redis.RedisError):
            self.lock.release()
        super().close()


class LockedDatabaseScheduler(SingleBeatMixin, DatabaseScheduler):
    """The database schedule of django-celery-beat, sent only by the beat holding the lock."""

    def took_over(self):
        super().took_over()
        self._initial_read = True  # re-read last run times from the database
