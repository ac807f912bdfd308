import django_filters

from core.api import ScopedReadOnlyViewSet

from ..models import EnterpriseScore, ProjectScore, Scheme, ScoringRun
from . import serializers as s


class SchemeViewSet(ScopedReadOnlyViewSet):
    """Scoring schemes, every version, with their weights and parameters."""

    queryset = Scheme.objects.all()
    serializer_class = s.SchemeSerializer


class RunViewSet(ScopedReadOnlyViewSet):
    """Quarterly scoring runs and their progress."""

    queryset = ScoringRun.objects.all()
    serializer_class = s.RunSerializer


class ProjectScoreFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="run__year")
    quarter = django_filters.NumberFilter(field_name="run__quarter")

    class Meta:
        model = ProjectScore
        fields = ["run", "year", "quarter", "project", "enterprise"]


class EnterpriseScoreFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="run__year")
    quarter = django_filters.NumberFilter(field_name="run__quarter")

    class Meta:
        model = EnterpriseScore
        fields = ["run", "year", "quarter", "enterprise"]


class ProjectScoreViewSet(ScopedReadOnlyViewSet):
    """Project scores with their line-by-line explanation; an enterprise sees its own."""

    queryset = ProjectScore.objects.select_related("run", "project").order_by("run", "-score", "project_id")
    serializer_class = s.ProjectScoreSerializer
    filterset_class = ProjectScoreFilter


class EnterpriseScoreViewSet(ScopedReadOnlyViewSet):
    """Enterprise scores: household-weighted project scores plus adjustments."""

    queryset = EnterpriseScore.objects.select_related("run", "enterprise").order_by("run", "-score", "enterprise_id")
    serializer_class = s.EnterpriseScoreSerializer
    filterset_class = EnterpriseScoreFilter
