from rest_framework import serializers

from ..models import Enterprise


class EnterpriseSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    certifications = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "uscc",
            "legal_representative",
            "region",
            "region_name",
            "address",
            "phone",
            "founded",
            "staff_count",
            "certifications",
            "party_organisation",
            "service_brand",
            "status",
            "updated",
        ]
