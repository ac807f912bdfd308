from rest_framework import serializers

from .. import scoring
from ..models import EnterpriseScore, ProjectScore, Scheme, ScoringRun


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
        fields = ["id", "run", "period", "project", "project_name", "enterprise", "households", "score", "explanation"]

    def get_explanation(self, score) -> list[dict]:
        return [{k: line[k] for k in ("key", "label", "facts", "value", "weight", "points", "inputs")}
                for line in scoring.explain(score)]  # fmt: skip


class EnterpriseScoreSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="run.period", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = EnterpriseScore
        fields = [
            "id", "run", "period", "enterprise", "enterprise_name", "projects", "households", "base_score",
            "adjustment", "adjustments", "score",
        ]  # fmt: skip
