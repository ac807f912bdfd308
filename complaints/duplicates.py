"""Likely duplicates: same project within a window, ranked by description similarity (pg_trgm)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q

from .choices import Status
from .models import Complaint


def likely_duplicates(complaint: Complaint, user, limit: int = 5):
    """Other complaints of the same project filed within ``DUPLICATE_WINDOW_DAYS`` of this one,
    that the user may see, whose text is similar (trigram similarity ≥ ``DUPLICATE_MIN_SIMILARITY``)
    or whose category is the same; most similar first."""
    window = timedelta(days=settings.DUPLICATE_WINDOW_DAYS)
    return (
        Complaint.objects.visible_to(user)
        .filter(
            project_id=complaint.project_id, created__range=(complaint.created - window, complaint.created + window)
        )
        .exclude(pk=complaint.pk)
        .exclude(status__in=[Status.MERGED, Status.REJECTED])
        .annotate(similarity=TrigramSimilarity("description", complaint.description))
        .filter(Q(similarity__gte=settings.DUPLICATE_MIN_SIMILARITY) | Q(category_id=complaint.category_id))
        .select_related("category")
        .order_by("-similarity", "-created")[:limit]
    )
