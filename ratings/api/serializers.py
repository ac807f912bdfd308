from rest_framework import serializers

from .. import scoring
from ..models import (
    CreditRecord,
    EnterpriseScore,
    Honour,
    ListEdition,
    ListEntry,
    ProjectScore,
    Scheme,
    ScoringRun,
    StarDowngrade,
    StarRating,
)


class SchemeSerializer(serializers.ModelSerializer):
    effective_from = serializers.CharField(read_only=True)

    class Meta:
        model = Scheme
        fields = ["id", "name", "version", "effective_from", "status", "params", "published_at"]


class RunSerializer(serializers.ModelSerializer):
    period = serializers.CharField(read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ScoringRun
        fields = ["id", "period", "scheme", "status", "partitions", "progress", "started", "finished", "published_at"]

    def get_progress(self, run) -> dict:
        done, total = run.progress
        return {"done": done, "total": total}


class ProjectScoreSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="run.period", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = ProjectScore
        fields = [
            "id",
            "run",
            "period",
            "project",
            "project_name",
            "enterprise",
            "households",
            "score",
            "rule",
            "explanation",
        ]

    def get_explanation(self, score) -> list[dict]:
        keys = ("key", "label", "facts", "value", "weight", "scheme_weight", "present_weight", "points", "inputs")
        return [{k: line[k] for k in keys} for line in scoring.explain(score)]


class EnterpriseScoreSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="run.period", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = EnterpriseScore
        fields = [
            "id",
            "run",
            "period",
            "enterprise",
            "enterprise_name",
            "projects",
            "households",
            "base_score",
            "adjustment",
            "adjustments",
            "score",
        ]


class ListEntrySerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True, default=None, allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True, source="reason_texts")

    class Meta:
        model = ListEntry
        fields = ["id", "color", "rank", "enterprise", "enterprise_name", "project", "project_name", "score", "reasons"]


class ListEditionSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="run.period", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    entries = ListEntrySerializer(many=True, read_only=True)

    class Meta:
        model = ListEdition
        fields = [
            "id",
            "run",
            "period",
            "region_code",
            "region_name",
            "subject",
            "version",
            "status",
            "supersedes",
            "reason",
            "published_at",
            "entries",
        ]


class StarDowngradeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StarDowngrade
        fields = ["from_stars", "to_stars", "reason", "entry", "created"]


class StarRatingSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    downgrades = StarDowngradeSerializer(many=True, read_only=True)

    class Meta:
        model = StarRating
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "year",
            "requested",
            "granted",
            "stars",
            "status",
            "reason",
            "reviewed_at",
            "published_at",
            "created",
            "downgrades",
        ]


class CreditRecordSerializer(serializers.ModelSerializer):
    """A credit record; ``note`` says what caused it, and a list record gives its quarter
    (``period``) and the published lists (``lists``, ids of /api/v1/red-black-lists/)."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    period = serializers.CharField(source="run.period", read_only=True, default=None, allow_null=True)
    lists = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CreditRecord
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "kind",
            "points",
            "occurred_on",
            "valid_until",
            "note",
            "period",
            "lists",
        ]


class HonourSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Honour
        fields = [
            "id",
            "kind",
            "year",
            "region_code",
            "region_name",
            "enterprise",
            "enterprise_name",
            "project",
            "project_name",
            "person",
            "merits",
            "status",
            "reason",
            "reviewed_at",
            "decided_at",
            "created",
        ]
