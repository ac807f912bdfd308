from rest_framework import serializers

from regions.models import Region

from ..models import Project


class ProjectFields(serializers.Serializer):
    """A row's project by id, code and name, for the serializers of rows that belong to one."""

    project = serializers.IntegerField(source="project_id", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "level_display", "parent", "path"]


class ProjectSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True, default=None, allow_null=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "region",
            "region_name",
            "address",
            "project_type",
            "households",
            "buildings",
            "floor_area",
            "management_mode",
            "enterprise",
            "enterprise_uscc",
            "enterprise_name",
            "contract_start",
            "contract_end",
            "fee_standard",
            "owners_committee",
            "party_branch",
            "service_content",
            "fee_disclosure",
            "complaint_channels",
            "public_revenue",
            "updated",
        ]


class CoverageSerializer(serializers.Serializer):
    region = serializers.CharField(allow_null=True)
    region_name = serializers.CharField(allow_null=True)
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    shares = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True))
    professional_coverage = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    managed_coverage = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class CoverageReportSerializer(serializers.Serializer):
    overall = CoverageSerializer()
    children = CoverageSerializer(many=True)
