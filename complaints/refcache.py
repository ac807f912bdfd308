"""Per-process caches of small reference tables read on every intake (SLA policies, the
working calendar, categories, external systems' keys). Saving or deleting a row clears this process's copy at once
(signals, wired in apps.ready); other processes reload within ``TTL`` seconds."""

from __future__ import annotations

import threading
import time

TTL = 60.0


class ReferenceCache:
    def __init__(self, loader):
        self.loader = loader
        self.lock = threading.Lock()
        self.value = None
        self.loaded_at = 0.0

    def get(self):
        if self.value is None or time.monotonic() - self.loaded_at > TTL:
            with self.lock:
                self.value = self.loader()
                self.loaded_at = time.monotonic()
        return self.value

    def clear(self, *args, **kwargs):
        self.value = None


def _policies():
    from .models import SlaPolicy

    return {(p.stage, p.urgency): p.working_hours for p in SlaPolicy.objects.all()}


def _calendar():
    from .models import CalendarDay

    return dict(CalendarDay.objects.values_list("date", "is_workday"))


def _categories():
    from .models import Category

    active = list(Category.objects.filter(is_active=True))
    return {**{c.name: c for c in active}, **{c.code: c for c in active}}


def _api_clients():
    from .models import ApiClient

    return {c.key_hash: c for c in ApiClient.objects.filter(is_active=True)}


policies = ReferenceCache(_policies)
api_clients = ReferenceCache(_api_clients)
calendar = ReferenceCache(_calendar)
categories = ReferenceCache(_categories)


def clear_all() -> None:
    for cache in (policies, calendar, categories, api_clients):
        cache.clear()


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import ApiClient, CalendarDay, Category, SlaPolicy

    pairs = ((SlaPolicy, policies), (CalendarDay, calendar), (Category, categories), (ApiClient, api_clients))
    for model, cache in pairs:
        post_save.connect(cache.clear, sender=model, weak=False, dispatch_uid=f"refcache-{model.__name__}-save")
        post_delete.connect(cache.clear, sender=model, weak=False, dispatch_uid=f"refcache-{model.__name__}-delete")
