from django.core.exceptions import ValidationError
from rest_framework import serializers

from core.text import NOTE_MAX, TEXT_MAX
from regions.models import Region

from ..draws import check_pool_filters
from ..models import (
    Deduction,
    Draw,
    DrawResult,
    Inspection,
    InspectionStandard,
    RectificationOrder,
    SelfReport,
    StandardCategory,
    StandardItem,
    Summons,
)
from ..rectification import MAX_WORKING_DAYS


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = StandardItem
        fields = ["id", "code", "title", "method", "points", "project_types"]


class StandardCategorySerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = StandardCategory
        fields = ["order", "name", "items"]


class StandardSerializer(serializers.ModelSerializer):
    totals = serializers.SerializerMethodField()
    categories = StandardCategorySerializer(many=True, read_only=True)

    class Meta:
        model = InspectionStandard
        fields = ["id", "name", "version", "status", "published_at", "totals", "categories"]

    def get_totals(self, obj) -> dict:
        return {t.project_type: str(t.points) for t in obj.totals.all()}


class DrawCreateSerializer(serializers.ModelSerializer):
    """Define a draw; the pool filters use the keys of ``inspections.draws.POOL_FILTERS``."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = Draw
        fields = ["name", "region", "pool_filters", "project_count", "inspectors_per_project", "inspector_pool"]

    def validate_region(self, region):
        if not Region.objects.visible_to(self.context["request"].user).filter(pk=region.pk).exists():
            raise serializers.ValidationError("区域不存在或不在您的辖区内。")
        return region

    def validate_pool_filters(self, value):
        try:
            return check_pool_filters(value if value is not None else {})
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate(self, data):
        if len(data.get("inspector_pool", [])) < data.get("inspectors_per_project", 2):
            raise serializers.ValidationError({"inspector_pool": "检查人员库人数不能少于每个项目的检查人员数。"})
        return data


class SummonsCreateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Summons
        fields = ["enterprise", "person", "held_on", "reason", "outcome"]
        extra_kwargs = {"reason": {"max_length": TEXT_MAX}, "outcome": {"max_length": TEXT_MAX}}


class DrawResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = DrawResult
        fields = ["rank", "project", "inspectors"]


class DrawSerializer(serializers.ModelSerializer):
    results = DrawResultSerializer(many=True, read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Draw
        fields = [
            "id",
            "name",
            "region",
            "pool_filters",
            "project_count",
            "inspectors_per_project",
            "seed",
            "status",
            "drawn_at",
            "published_at",
            "results",
        ]


class DeductionSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)

    class Meta:
        model = Deduction
        fields = ["id", "item", "item_code", "points", "reason", "needs_rectification"]


class InspectionSerializer(serializers.ModelSerializer):
    deductions = DeductionSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "project",
            "enterprise",
            "standard",
            "status",
            "due_on",
            "total_points",
            "deducted",
            "score",
            "submitted_at",
            "countersigned_at",
            "return_reason",
            "deductions",
        ]


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationOrder
        fields = [
            "id",
            "project",
            "enterprise",
            "source",
            "issue",
            "working_days",
            "status",
            "issued_at",
            "due_at",
            "is_overdue",
            "answer",
            "answered_at",
            "closed_at",
        ]
        read_only_fields = [f for f in fields if f not in ("project", "source", "issue", "working_days")]
        extra_kwargs = {
            "issue": {"max_length": TEXT_MAX},
            "working_days": {"min_value": 1, "max_value": MAX_WORKING_DAYS},
        }


class SummonsSerializer(serializers.ModelSerializer):
    class Meta:
        model = Summons
        fields = ["id", "enterprise", "person", "held_on", "reason", "outcome", "created"]


class SelfReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = SelfReport
        fields = [
            "id",
            "project",
            "enterprise",
            "standard",
            "year",
            "quarter",
            "due_date",
            "status",
            "scores",
            "self_score",
            "evidence",
            "submitted_at",
            "late",
            "review_note",
            "times_returned",
        ]


class DeductSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    points = serializers.DecimalField(max_digits=5, decimal_places=1)
    reason = serializers.CharField(max_length=NOTE_MAX)
    rectify = serializers.BooleanField(default=True)


class ReturnSerializer(serializers.Serializer):
    """Why the second inspector sends a submitted inspection back to be revised."""

    reason = serializers.CharField(max_length=NOTE_MAX)


class OrderAnswerSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX)


class SubmitReportSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=1))
    evidence = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX)
