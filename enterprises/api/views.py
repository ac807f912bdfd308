from core.api import ScopedReadOnlyViewSet

from ..filtersets import EnterpriseFilterSet
from ..models import Enterprise
from .serializers import EnterpriseSerializer


class EnterpriseViewSet(ScopedReadOnlyViewSet):
    """Enterprises registered in, or managing projects in, the caller's jurisdiction."""

    queryset = Enterprise.objects.select_related("region").prefetch_related("certifications").order_by("name")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["name", "founded", "staff_count", "updated"]
