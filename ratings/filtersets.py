import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.forms import PickerSelect
from core.quarters import Quarter
from regions.filtersets import within_region

from .choices import CreditKind, HonourKind, HonourStatus, ListColor, ListStatus, ListSubject, StarStatus
from .models import CreditRecord, EnterpriseScore, Honour, ListEdition, ListEntry, ProjectScore, StarRating

QUARTERS = [(n, f"Q{n}") for n in range(1, 5)]
STAR_LEVELS = [(n, "★" * n) for n in range(5, 0, -1)]


class ProjectScoreFilterSet(django_filters.FilterSet):
    region = django_filters.CharFilter(method="filter_region", label=_("区域"), widget=PickerSelect("region"))
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


class ListEntryFilterSet(django_filters.FilterSet):
    edition = django_filters.NumberFilter(field_name="edition", label=_("榜单编号"))
    year = YearFilter(field_name="edition__run__year", label=_("年度"))
    quarter = django_filters.ChoiceFilter(field_name="edition__run__quarter", choices=QUARTERS, label=_("季度"))
    region = django_filters.CharFilter(
        field_name="edition__region__code", label=_("辖区"), widget=PickerSelect("jurisdiction")
    )
    subject = django_filters.ChoiceFilter(field_name="edition__subject", choices=ListSubject.choices, label=_("对象"))
    color = django_filters.ChoiceFilter(choices=ListColor.choices, label=_("榜单"))
    enterprise = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("企业"))

    class Meta:
        model = ListEntry
        fields = ["edition", "year", "quarter", "region", "subject", "color", "enterprise"]


def quarter_label(quarter: Quarter) -> str:
    return gettext("%(y)s 年第 %(q)s 季度") % {"y": quarter.year, "q": quarter.number}


class PublicListFilterSet(django_filters.FilterSet):
    """The public red and black lists page: the entries of the published lists, by quarter,
    jurisdiction, subject and colour; the choices are those the published lists have."""

    quarter = django_filters.ChoiceFilter(method="filter_quarter", label=_("季度"), empty_label=_("全部季度"))
    region = django_filters.ChoiceFilter(field_name="edition__region__code", label=_("辖区"), empty_label=_("全部辖区"))
    subject = django_filters.ChoiceFilter(field_name="edition__subject", choices=ListSubject.choices, label=_("对象"))
    color = django_filters.ChoiceFilter(choices=ListColor.choices, label=_("榜单"), empty_label=_("红榜和黑榜"))

    class Meta:
        model = ListEntry
        fields = ["quarter", "region", "subject", "color"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = ListEdition.objects.filter(status=ListStatus.PUBLISHED)
        quarters = published.order_by("-run__year", "-run__quarter").values_list("run__year", "run__quarter")
        self.filters["quarter"].extra["choices"] = [
            (str(q), quarter_label(q)) for q in dict.fromkeys(Quarter(y, n) for y, n in quarters.distinct())
        ]
        regions = published.order_by("region__path").values_list("region__code", "region__name").distinct()
        self.filters["region"].extra["choices"] = list(regions)

    def filter_quarter(self, queryset, name, value):
        quarter = Quarter.parse(value)  # one of the choices: the form checked it
        return queryset.filter(edition__run__year=quarter.year, edition__run__quarter=quarter.number)


class StarFilterSet(django_filters.FilterSet):
    year = YearFilter(label=_("年度"))
    status = django_filters.ChoiceFilter(choices=StarStatus.choices, label=_("状态"))
    stars = django_filters.ChoiceFilter(choices=STAR_LEVELS, label=_("现行星级"))
    enterprise = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("企业"))

    class Meta:
        model = StarRating
        fields = ["year", "status", "stars", "enterprise"]


class CreditRecordFilterSet(django_filters.FilterSet):
    enterprise = django_filters.NumberFilter(field_name="enterprise", widget=forms.HiddenInput)
    name = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("企业"))
    kind = django_filters.ChoiceFilter(choices=CreditKind.choices, label=_("类别"))
    valid_on = django_filters.DateFilter(
        method="filter_valid_on", label=_("有效日期"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = CreditRecord
        fields = ["enterprise", "name", "kind", "valid_on"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)


class HonourFilterSet(django_filters.FilterSet):
    year = YearFilter(label=_("年度"))
    region = django_filters.CharFilter(
        field_name="region__code", label=_("评选范围"), widget=PickerSelect("jurisdiction")
    )
    kind = django_filters.ChoiceFilter(choices=HonourKind.choices, label=_("类别"))
    status = django_filters.ChoiceFilter(choices=HonourStatus.choices, label=_("状态"))
    enterprise = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("企业"))

    class Meta:
        model = Honour
        fields = ["year", "region", "kind", "status", "enterprise"]
