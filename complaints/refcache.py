"""The complaint app's reference caches (see :mod:`core.refcache`): SLA policies, categories
(by code, Chinese and English name) and external systems' keys, read on every intake."""

from __future__ import annotations

from core.refcache import ReferenceCache


def _policies():
    from .models import SlaPolicy

    return {(p.stage, p.urgency): p.working_hours for p in SlaPolicy.objects.all()}


def _categories():
    from .models import Category

    active = list(Category.objects.filter(is_active=True))
    # A sheet exported in English names its categories in English.
    by_name = {**{c.name_en: c for c in active if c.name_en}, **{c.name: c for c in active}}
    return {**by_name, **{c.code: c for c in active}}


def _api_clients():
    from .models import ApiClient

    return {c.key_hash: c for c in ApiClient.objects.filter(is_active=True)}


policies = ReferenceCache(_policies)
api_clients = ReferenceCache(_api_clients)
categories = ReferenceCache(_categories)


def connect_signals() -> None:
    from .models import ApiClient, Category, SlaPolicy

    for model, cache in ((SlaPolicy, policies), (Category, categories), (ApiClient, api_clients)):
        cache.clear_on_change(model)
