"""The one scoping mechanism: ``Model.objects.visible_to(user)``.

Every model a logged-in user reads has a queryset deriving from :class:`ScopedQuerySet` and
says, in :meth:`ScopedQuerySet.scope_for`, which rows a user sees. Anything it does not
answer for is blocked: an anonymous or inactive user, a role the model does not know, a
region-scoped user with no home region. Administrators see everything.

Base views, viewsets, exports and admin call ``visible_to`` once, so a page cannot forget it;
an object outside the scope is then simply not found (404), never forbidden-with-data.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """Rows ``user`` may see; nothing unless a scope rule says otherwise."""
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        condition = self.scope_for(user)
        if condition is None:
            return self.none()
        return self.filter(condition)

    def scope_for(self, user) -> Q | None:
        """The filter for a non-administrator ``user``; ``None`` blocks everything.

        Subclasses override this. Most say "an enterprise user sees its own enterprise's rows,
        anyone else those of their region": ``enterprise_or_region(user, ...)``.
        """
        return None


def region_scope(user, lookup: str) -> Q | None:
    """``Q(<lookup>__startswith=<home region path>)`` for a region-scoped user, else None.

    ``lookup`` names the materialised path of the row's region, e.g. ``"region__path"``.
    """
    if not user.is_region_scoped or not user.region_path:
        return None
    return Q(**{f"{lookup}__startswith": user.region_path})


def own_enterprise(user, lookup: str) -> Q | None:
    """``Q(<lookup>=<user's enterprise>)`` for an enterprise user who has one, else None.

    ``lookup`` names the row's enterprise, e.g. ``"enterprise_id"`` or ``"project__enterprise_id"``.
    """
    if not user.is_enterprise_user or not user.enterprise_id:
        return None
    return Q(**{lookup: user.enterprise_id})


def enterprise_or_region(user, enterprise_lookup: str, region_lookup: str) -> Q | None:
    """The common rule: an enterprise user sees the rows of its own enterprise
    (``own_enterprise``), a region-scoped user those in the subtree of its home region
    (``region_scope``); anyone else, an enterprise user without an enterprise or an anonymous
    visitor included, nothing.

    Administrators are let through by ``ScopedQuerySet.visible_to`` before any rule is asked.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_enterprise_user:
        return own_enterprise(user, enterprise_lookup)
    return region_scope(user, region_lookup)


def region_scope_key(user) -> str:
    """A cache key part naming what ``region_scope`` lets ``user`` see: users with the same key
    see the same rows of every region-scoped model (an administrator everything, a region-scoped
    user the subtree of their home region); anyone else gets a key of their own."""
    if user.sees_everything:
        return "all"
    if user.is_region_scoped and user.region_path:
        return f"region:{user.region_path}"
    return f"user:{user.pk}"
