from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.views import ImportView, ScopedDetailView, ScopedListView, StaffOnlyMixin
from core.xlsx import xlsx_response
from regions.filtersets import RegionFilterSet
from regions.models import Region

from .coverage import coverage_columns, coverage_for_user, coverage_rows
from .filtersets import ProjectFilterSet
from .importing import PROJECT_COLUMNS, REGION_COLUMNS, import_projects, import_regions
from .models import Project


class RegionListView(StaffOnlyMixin, ScopedListView):
    """The region tree, one level at a time: top of the user's tree, or a parent's children."""

    model = Region
    filterset_class = RegionFilterSet
    template_name = "projects/region_list.html"
    export_columns = REGION_COLUMNS
    export_name = "行政区域"
    paginate_by = 50

    def base_queryset(self):
        return Region.objects.select_related("parent").annotate(n_children=Count("children", distinct=True))

    def get_queryset(self):
        queryset = super().get_queryset()
        if not any(self.request.GET.get(k) for k in ("q", "level", "parent", "within")):
            top_level = self.request.user.region.level if self.request.user.region_path else 1
            if self.request.user.sees_everything:
                top_level = 1
            queryset = queryset.filter(level=top_level)
        return queryset.order_by("path")


class RegionDetailView(StaffOnlyMixin, ScopedDetailView):
    model = Region
    slug_field = slug_url_kwarg = "code"
    template_name = "projects/region_detail.html"

    def base_queryset(self):
        return Region.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        context["ancestors"] = region.ancestors().visible_to(self.request.user)
        context["report"] = coverage_for_user(self.request.user, region)
        context["enterprise_count"] = region.enterprises.count()
        return context


class CoverageView(StaffOnlyMixin, TemplateView):
    """Coverage of management modes for a region the user sees, broken down by child region."""

    template_name = "projects/coverage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = self.request.GET.get("region")
        region = None
        if code:
            region = get_object_or_404(Region.objects.visible_to(self.request.user), code=code)
            context["ancestors"] = region.ancestors().visible_to(self.request.user)
        context["report"] = coverage_for_user(self.request.user, region)
        return context

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("export") == "xlsx":
            report = context["report"]
            name = str(_("物业管理覆盖率")) + (f"-{report.region.name}" if report.region else "")
            return xlsx_response(name, coverage_columns(report), coverage_rows(report))
        return super().render_to_response(context, **kwargs)


class ProjectListView(ScopedListView):
    model = Project
    filterset_class = ProjectFilterSet
    template_name = "projects/project_list.html"
    export_columns = PROJECT_COLUMNS
    export_name = "物业项目"

    def base_queryset(self):
        return Project.objects.select_related("region", "enterprise")


class ProjectDetailView(ScopedDetailView):
    model = Project
    template_name = "projects/project_detail.html"

    def base_queryset(self):
        return Project.objects.select_related("region__parent", "enterprise")


class RegionImportView(ImportView):
    importer = staticmethod(import_regions)
    action = "projects.import_regions"
    title = _("导入行政区域")
    columns = REGION_COLUMNS
    success_url_name = "projects:region_list"


class ProjectImportView(ImportView):
    importer = staticmethod(import_projects)
    action = "projects.import_projects"
    title = _("导入物业项目")
    columns = PROJECT_COLUMNS
    success_url_name = "projects:project_list"
