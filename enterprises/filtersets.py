import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import OrderingFilter
from core.forms import PickerSelect, ToggleRadio
from regions.filtersets import within_region

from .choices import ChangeRequestStatus, EnterpriseStatus, PartyOrganisation
from .models import Certification, Enterprise, ProfileChangeRequest


class EnterpriseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("名称、信用代码或法定代表人"))
    region = django_filters.CharFilter(method="filter_region", label=_("注册地"), widget=PickerSelect("region"))
    status = django_filters.ChoiceFilter(choices=EnterpriseStatus.choices, label=_("经营状态"))
    party_organisation = django_filters.ChoiceFilter(choices=PartyOrganisation.choices, label=_("党组织建设"))
    certification = django_filters.ModelChoiceFilter(
        field_name="certifications", queryset=Certification.objects.all(), label=_("体系认证")
    )
    ordering = OrderingFilter(
        fields=(("name", "name"), ("founded", "founded"), ("staff_count", "staff_count")),
        field_labels={"name": _("名称"), "founded": _("成立日期"), "staff_count": _("从业人员数")},
        label=_("排序"),
    )

    class Meta:
        model = Enterprise
        fields = ["q", "region", "status", "party_organisation", "certification"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(uscc__iexact=value) | Q(legal_representative__icontains=value)
        )

    def filter_region(self, queryset, name, value):
        return within_region(queryset, "region__path", value, self.request.user)


class PublicEnterpriseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("企业名称或信用代码"))

    class Meta:
        model = Enterprise
        fields = ["q"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(uscc__iexact=value))


class ChangeRequestFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ChangeRequestStatus.choices, label=_("状态"), empty_label=_("全部"), widget=ToggleRadio
    )

    class Meta:
        model = ProfileChangeRequest
        fields = ["status"]
