import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import PickerSelect

from .choices import RegionLevel
from .models import Region


def within_region(queryset, lookup: str, code: str, user):
    """Narrow ``queryset`` to a region's subtree; a region the user cannot see matches nothing."""
    region = Region.objects.visible_to(user).filter(code=code).first()
    if region is None:
        return queryset.none()
    return queryset.filter(**{f"{lookup}__startswith": region.path})


class RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("名称或代码"))
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label=_("层级"))
    parent = django_filters.CharFilter(field_name="parent__code", label=_("上级区域"), widget=PickerSelect("region"))
    within = django_filters.CharFilter(method="filter_within", label=_("所属区域"), widget=PickerSelect("region"))

    class Meta:
        model = Region
        fields = ["q", "level", "parent", "within"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value.strip()))

    def filter_within(self, queryset, name, value):
        return within_region(queryset, "path", value, self.request.user)
