import datetime as dt

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter, YesNoAnySelect
from core.forms import PickerSelect, ToggleRadio
from regions.filtersets import within_region

from .choices import InspectionStatus, OrderSource, OrderStatus, ReportStatus
from .models import Inspection, RectificationOrder, SelfReport


def name_picker(picker):
    """A picker whose value is the chosen name (the filter matches part of a name, so typed text
    is kept as well)."""
    return PickerSelect(picker, key="name", create=True)


class RegionFilterMixin:
    def filter_region(self, queryset, name, value):
        return within_region(queryset, "project__region__path", value, self.request.user)


class OrderFilterSet(RegionFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="issue", lookup_expr="icontains", label=_("问题"))
    status = django_filters.ChoiceFilter(
        choices=OrderStatus.choices, label=_("状态"), empty_label=_("全部"), widget=ToggleRadio
    )
    source = django_filters.ChoiceFilter(choices=OrderSource.choices, label=_("来源"))
    overdue = django_filters.BooleanFilter(field_name="is_overdue", label=_("逾期"), widget=YesNoAnySelect)
    due = django_filters.ChoiceFilter(
        choices=[("week", _("7 天内到期"))],
        label=_("期限"),
        empty_label=_("全部"),
        method="filter_due",
        widget=ToggleRadio,
    )
    region = django_filters.CharFilter(method="filter_region", label=_("区域"), widget=PickerSelect("region"))
    project = django_filters.CharFilter(
        field_name="project__name", lookup_expr="icontains", label=_("项目"), widget=name_picker("project")
    )
    enterprise = django_filters.CharFilter(
        field_name="enterprise__name", lookup_expr="icontains", label=_("企业"), widget=name_picker("enterprise")
    )

    class Meta:
        model = RectificationOrder
        fields = ["q", "status", "source", "overdue", "due", "region", "project", "enterprise"]

    def filter_due(self, queryset, name, value):
        """Open orders due within the next seven days (the workbench's to-do)."""
        return queryset.due_within(dt.timedelta(days=7)) if value == "week" else queryset


class InspectionFilterSet(RegionFilterMixin, django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=InspectionStatus.choices, label=_("状态"), empty_label=_("全部"), widget=ToggleRadio
    )
    region = django_filters.CharFilter(method="filter_region", label=_("区域"), widget=PickerSelect("region"))
    project = django_filters.CharFilter(
        field_name="project__name", lookup_expr="icontains", label=_("项目"), widget=name_picker("project")
    )

    class Meta:
        model = Inspection
        fields = ["status", "region", "project"]


class SelfReportFilterSet(RegionFilterMixin, django_filters.FilterSet):
    year = YearFilter(label=_("年度"))
    quarter = django_filters.ChoiceFilter(choices=[(q, q) for q in range(1, 5)], label=_("季度"))
    status = django_filters.ChoiceFilter(
        choices=ReportStatus.choices, label=_("状态"), empty_label=_("全部"), widget=ToggleRadio
    )
    late = django_filters.BooleanFilter(label=_("逾期"), widget=YesNoAnySelect)
    region = django_filters.CharFilter(method="filter_region", label=_("区域"), widget=PickerSelect("region"))
    project = django_filters.CharFilter(
        field_name="project__name", lookup_expr="icontains", label=_("项目"), widget=name_picker("project")
    )

    class Meta:
        model = SelfReport
        fields = ["year", "quarter", "status", "late", "region", "project"]
