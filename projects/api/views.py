from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ScopedReadOnlyViewSet
from regions.filtersets import RegionFilterSet
from regions.models import Region

from ..coverage import coverage_for_user
from ..filtersets import ProjectFilterSet
from ..models import Project
from .serializers import CoverageReportSerializer, ProjectSerializer, RegionSerializer


class RegionViewSet(ScopedReadOnlyViewSet):
    """Regions (city → district → street → community) inside the caller's jurisdiction."""

    queryset = Region.objects.select_related("parent").order_by("path")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_field = "code"
    ordering_fields = ["code", "name", "level"]


class ProjectViewSet(ScopedReadOnlyViewSet):
    """Projects the caller may see: their jurisdiction, or their enterprise's projects."""

    queryset = Project.objects.select_related("region", "enterprise").order_by("code")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["code", "name", "households", "floor_area", "updated"]


class CoverageView(APIView):
    """Management-mode coverage of a region (default: the caller's own) and its children."""

    @extend_schema(
        parameters=[OpenApiParameter("region", str, description="行政区划代码；缺省为本人所属区域")],
        responses=CoverageReportSerializer,
    )
    def get(self, request):
        if not request.user.is_staff_side:
            raise PermissionDenied("覆盖率报表仅供主管部门使用。")
        region = None
        if request.query_params.get("region"):
            region = get_object_or_404(Region.objects.visible_to(request.user), code=request.query_params["region"])
        report = coverage_for_user(request.user, region)
        data = {"overall": report.overall.as_dict(), "children": [c.as_dict() for c in report.children]}
        return Response(CoverageReportSerializer(data).data)
