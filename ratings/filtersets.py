import django_filters
from django.utils.translation import gettext_lazy as _

from projects.filtersets import within_region

from .models import EnterpriseScore, ProjectScore


class ProjectScoreFilterSet(django_filters.FilterSet):
    region = django_filters.CharFilter(method="filter_region", label=_("区域代码"))
    project = django_filters.CharFilter(field_name="project__name", lookup_expr="icontains", label=_("项目"))
    enterprise = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("企业"))
    below = django_filters.NumberFilter(field_name="score", lookup_expr="lt", label=_("得分低于"))

    class Meta:
        model = ProjectScore
        fields = ["region", "project", "enterprise", "below"]

    def filter_region(self, queryset, name, value):
        return within_region(queryset, "region_path", value, self.request.user)


class EnterpriseScoreFilterSet(django_filters.FilterSet):
    enterprise = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("企业"))
    below = django_filters.NumberFilter(field_name="score", lookup_expr="lt", label=_("得分低于"))

    class Meta:
        model = EnterpriseScore
        fields = ["enterprise", "below"]
