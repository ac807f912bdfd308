import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import OrderingFilter, YesNoAnySelect
from core.forms import PickerSelect
from regions.filtersets import within_region

from .choices import ManagementMode, OwnersCommittee, ProjectType
from .models import Project


class OfProjectFilterSet(django_filters.FilterSet):
    """The filters of rows that belong to a project: ``project`` (id) and ``within`` (a region
    the user sees, by code)."""

    within = django_filters.CharFilter(method="filter_within", label="所属区域（行政区划代码）")
    project = django_filters.NumberFilter(field_name="project_id")

    def filter_within(self, queryset, name, value):
        return within_region(queryset, "project__region__path", value, self.request.user)


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("名称、地址或编号"))
    region = django_filters.CharFilter(method="filter_region", label=_("所属区域"), widget=PickerSelect("region"))
    project_type = django_filters.ChoiceFilter(choices=ProjectType.choices, label=_("项目类型"))
    management_mode = django_filters.ChoiceFilter(choices=ManagementMode.choices, label=_("管理模式"))
    owners_committee = django_filters.ChoiceFilter(choices=OwnersCommittee.choices, label=_("业主委员会"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("企业 ID"), widget=forms.HiddenInput)
    enterprise_uscc = django_filters.CharFilter(
        field_name="enterprise__uscc", label=_("物业企业"), widget=PickerSelect("enterprise")
    )
    party_branch = django_filters.BooleanFilter(label=_("党支部"), widget=YesNoAnySelect)
    ordering = OrderingFilter(
        fields=(("code", "code"), ("name", "name"), ("households", "households"), ("floor_area", "floor_area")),
        field_labels={"code": _("项目编号"), "name": _("名称"), "households": _("户数"), "floor_area": _("建筑面积")},
        label=_("排序"),
    )

    class Meta:
        model = Project
        fields = ["q", "region", "project_type", "management_mode", "owners_committee", "enterprise", "party_branch"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_region(self, queryset, name, value):
        return within_region(queryset, "region__path", value, self.request.user)
