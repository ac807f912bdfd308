"""Scoping shared by the records of supervision work on projects and by summons."""

from django.db.models import Q

from accounts.choices import SUPERVISION_READERS
from core.scoping import ScopedQuerySet, own_enterprise
from enterprises.models import Enterprise


class ProjectWorkQuerySet(ScopedQuerySet):
    """Work about a project: its enterprise sees its own; officers what lies in their region."""

    def scope_for(self, user):
        if user.is_enterprise_user:
            return own_enterprise(user, "enterprise_id")
        if user.role in SUPERVISION_READERS and user.region_path:
            return Q(project__region__path__startswith=user.region_path)
        return None


class SummonsQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        if user.is_enterprise_user:
            return own_enterprise(user, "enterprise_id")
        if user.role in SUPERVISION_READERS and user.region_path:
            return Q(region__path__startswith=user.region_path) | Q(enterprise__in=Enterprise.objects.visible_to(user))
        return None
