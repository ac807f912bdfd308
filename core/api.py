"""Base viewset: the same scoping as the pages, applied once."""

from rest_framework import viewsets


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """``get_queryset`` = ``queryset.visible_to(request.user)``: out of scope → 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)
