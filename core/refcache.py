"""Per-process caches of small reference tables read on every intake (SLA policies, the
working calendar, categories, external systems' keys). Saving or deleting a row clears this
process's copy at once (signals, connected by the owning app's ``ready``); other processes reload
within ``TTL`` seconds."""

from __future__ import annotations

import threading
import time

TTL = 60.0
_registry: list[ReferenceCache] = []


class ReferenceCache:
    def __init__(self, loader):
        self.loader = loader
        self.lock = threading.Lock()
        self.value = None
        self.loaded_at = 0.0
        _registry.append(self)

    def get(self):
        if self.value is None or time.monotonic() - self.loaded_at > TTL:
            with self.lock:
                self.value = self.loader()
                self.loaded_at = time.monotonic()
        return self.value

    def clear(self, *args, **kwargs):
        self.value = None

    def clear_on_change(self, model) -> None:
        """Drop this process's copy whenever a ``model`` row is saved or deleted."""
        from django.db.models.signals import post_delete, post_save

        name = model.__name__
        post_save.connect(self.clear, sender=model, weak=False, dispatch_uid=f"refcache-{name}-save")
        post_delete.connect(self.clear, sender=model, weak=False, dispatch_uid=f"refcache-{name}-delete")


def clear_all() -> None:
    """Empty every reference cache of this process (after a bulk load or a test's rollback)."""
    for cache in _registry:
        cache.clear()
