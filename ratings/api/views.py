import django_filters
from django.db.models import Prefetch

from core.api import ScopedReadOnlyViewSet
from core.filters import YearFilter

from ..choices import CreditKind, HonourKind, HonourStatus, ListStatus, ListSubject, StarStatus
from ..models import (
    CreditRecord,
    EnterpriseScore,
    Honour,
    ListEdition,
    ListEntry,
    ProjectScore,
    Scheme,
    ScoringRun,
    StarRating,
)
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
    year = YearFilter(field_name="run__year")
    quarter = django_filters.NumberFilter(field_name="run__quarter")

    class Meta:
        model = ProjectScore
        fields = ["run", "year", "quarter", "project", "enterprise"]


class EnterpriseScoreFilter(django_filters.FilterSet):
    year = YearFilter(field_name="run__year")
    quarter = django_filters.NumberFilter(field_name="run__quarter")

    class Meta:
        model = EnterpriseScore
        fields = ["run", "year", "quarter", "enterprise"]


class ProjectScoreViewSet(ScopedReadOnlyViewSet):
    """Project scores with their line-by-line explanation; an enterprise sees its own."""

    queryset = (
        ProjectScore.objects.select_related("run", "project")
        .prefetch_related("parts")
        .order_by("run", "-score", "project_id")
    )
    serializer_class = s.ProjectScoreSerializer
    filterset_class = ProjectScoreFilter


class EnterpriseScoreViewSet(ScopedReadOnlyViewSet):
    """Enterprise scores: household-weighted project scores plus adjustments."""

    queryset = EnterpriseScore.objects.select_related("run", "enterprise").order_by("run", "-score", "enterprise_id")
    serializer_class = s.EnterpriseScoreSerializer
    filterset_class = EnterpriseScoreFilter


class ListEditionFilter(django_filters.FilterSet):
    year = YearFilter(field_name="run__year")
    quarter = django_filters.NumberFilter(field_name="run__quarter")
    region = django_filters.CharFilter(field_name="region__code")
    subject = django_filters.ChoiceFilter(choices=ListSubject.choices)
    status = django_filters.ChoiceFilter(choices=ListStatus.choices)

    class Meta:
        model = ListEdition
        fields = ["run", "year", "quarter", "region", "subject", "status"]


class ListEditionViewSet(ScopedReadOnlyViewSet):
    """Red and black lists with their entries: published ones to everybody signed in, drafts to
    the bureau of the jurisdiction."""

    queryset = (
        ListEdition.objects.select_related("run", "region")
        .prefetch_related(Prefetch("entries", ListEntry.objects.select_related("enterprise", "project")))
        .order_by("-run__year", "-run__quarter", "region__path", "subject", "-version")
    )
    serializer_class = s.ListEditionSerializer
    filterset_class = ListEditionFilter


class StarRatingFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=StarStatus.choices)

    class Meta:
        model = StarRating
        fields = ["year", "enterprise", "status", "stars"]


class StarRatingViewSet(ScopedReadOnlyViewSet):
    """Star ratings (星级评定) with their downgrades; an enterprise sees its own."""

    queryset = StarRating.objects.select_related("enterprise").prefetch_related("downgrades").order_by("-year", "pk")
    serializer_class = s.StarRatingSerializer
    filterset_class = StarRatingFilter


class CreditRecordFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CreditKind.choices)
    valid_on = django_filters.DateFilter(method="filter_valid_on")

    class Meta:
        model = CreditRecord
        fields = ["enterprise", "kind", "valid_on"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)


class CreditRecordViewSet(ScopedReadOnlyViewSet):
    """Credit records (信用档案) of the enterprises the caller supervises; an enterprise its own."""

    queryset = (
        CreditRecord.objects.select_related("enterprise", "run")
        .prefetch_related("lists")
        .order_by("-occurred_on", "-pk")
    )
    serializer_class = s.CreditRecordSerializer
    filterset_class = CreditRecordFilter


class HonourFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code")
    kind = django_filters.ChoiceFilter(choices=HonourKind.choices)
    status = django_filters.ChoiceFilter(choices=HonourStatus.choices)

    class Meta:
        model = Honour
        fields = ["year", "region", "kind", "status", "enterprise"]


class HonourViewSet(ScopedReadOnlyViewSet):
    """Honours (评先树优): nominations and selections; an enterprise sees its own."""

    queryset = Honour.objects.select_related("region", "enterprise", "project").order_by("-year", "kind", "pk")
    serializer_class = s.HonourSerializer
    filterset_class = HonourFilter
