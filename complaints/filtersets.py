import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import YesNoAnySelect
from core.forms import PickerSelect, ToggleChoices
from core.search import all_matches, bigram_match, newest_first_by_sorting
from projects.models import Project
from regions.filtersets import within_region

from .choices import Channel, Status, Urgency
from .models import Category, Complaint, parse_work_order_no

# A search matching more projects than this by name is too vague to narrow by project.
PROJECT_MATCHES = 200
# Fewer description matches than this are fetched by their keys and sorted; more are found
# walking the queue newest first (see filter_q).
FEW_MATCHES = 1000


class ComplaintFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("工单号、项目或内容"))
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("状态"), widget=ToggleChoices)
    overdue = django_filters.BooleanFilter(field_name="is_overdue", label=_("超期"), widget=YesNoAnySelect)
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all(), label=_("类别"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("渠道"))
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices, label=_("紧急程度"))
    region = django_filters.CharFilter(method="filter_region", label=_("区域"), widget=PickerSelect("region"))
    enterprise = django_filters.NumberFilter(
        field_name="enterprise_id", label=_("物业企业"), widget=PickerSelect("enterprise", key="id")
    )
    project = django_filters.NumberFilter(
        field_name="project_id", label=_("项目"), widget=PickerSelect("project", key="id")
    )
    created_after = django_filters.DateFilter(
        field_name="created",
        lookup_expr="date__gte",
        label=_("提交日期起"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    created_before = django_filters.DateFilter(
        field_name="created",
        lookup_expr="date__lte",
        label=_("提交日期止"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    substantiated = django_filters.BooleanFilter(label=_("属实"), widget=YesNoAnySelect)

    class Meta:
        model = Complaint
        fields = [
            "q",
            "status",
            "overdue",
            "category",
            "channel",
            "urgency",
            "region",
            "created_after",
            "created_before",
        ]

    def filter_q(self, queryset, name, value):
        """Work-order number, tracking code (bureau officers only), 12345 ticket number, project
        name or words of the description.

        Every alternative is answered by an index of its own, so PostgreSQL combines them
        (BitmapOr) instead of reading millions of rows: the code by the unique index (codes are
        upper case), the description by its bigram index (every word, of any length; see
        core/search.py), and the project name as the ids of the matching projects, looked up first."""
        value = value.strip()
        if not value:
            return queryset
        user = getattr(self.request, "user", None)
        # The tracking code is the resident's secret: a search key for bureau officers only.
        matches = Q(tracking_code=value.upper()) if user is not None and user.is_bureau_officer else Q()
        matches |= Q(external_id=value)
        described = bigram_match("search", value)
        # A common term is met every few rows walking the queue newest first; a rare or absent
        # one is not, and that walk would read the whole table: take its few matches by key.
        few = all_matches(Complaint.objects.all(), described, FEW_MATCHES) if described is not None else None
        if few is not None:
            matches |= Q(pk__in=few)
        elif described is not None:
            matches |= Q(described)
        work_order = parse_work_order_no(value)
        if work_order:
            matches |= Q(pk=work_order[1], created__year=work_order[0])
        # Not visible_to: these ids never reach the user, they only narrow the complaints, which
        # are scoped already (and may name a project the enterprise no longer manages).
        projects = list(Project.objects.search_names(value)[:PROJECT_MATCHES])
        if projects:
            matches |= Q(project_id__in=projects)
        queryset = queryset.filter(matches)
        return queryset.order_by(newest_first_by_sorting(), "-pk") if few is not None else queryset

    def filter_enterprise(self, queryset, name, value):
        """The enterprise that managed the project at intake, by name or credit code."""
        value = value.strip()
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__uscc__iexact=value))

    def filter_region(self, queryset, name, value):
        return within_region(queryset, "region_path", value, self.request.user)
