"""Read-only API of owners' committees and owners' votes for the bureau's other systems, scoped
as the pages are (``visible_to``: officers of the project's region). What it gives is what the
bureau's pages show: a committee's stages with their offices and due days, its members and
documents; a vote's dates, thresholds and, once counted, each matter's result by area and by
head. Nothing of the roll (owners' names, phones, ID digits) and no ballots leave by this API."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import ScopedReadOnlyViewSet
from core.filters import YearFilter
from projects.api.serializers import ProjectFields
from projects.filtersets import OfProjectFilterSet

from .choices import VoteStatus
from .choices_committees import CommitteeState
from .models import Committee, CommitteeDocument, CommitteeMember, CommitteeStage, Matter, MatterResult, Vote


class StageSerializer(serializers.ModelSerializer):
    overdue = serializers.BooleanField(
        source="late", read_only=True, help_text="未按期限办结：已过期限仍未结束，或结束晚于期限"
    )

    class Meta:
        model = CommitteeStage
        fields = ["state", "office", "started_on", "due_on", "ended_on", "overdue"]


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitteeMember
        fields = ["body", "role", "name", "affiliation", "started_on", "ended_on", "end_reason"]


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitteeDocument
        fields = ["kind", "title", "reference", "posted_on", "public"]


class CommitteeSerializer(ProjectFields, serializers.ModelSerializer):
    stages = StageSerializer(many=True, read_only=True)
    members = MemberSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = [
            "id",
            "project",
            "project_code",
            "project_name",
            "term",
            "state",
            "delivered_share",
            "applied_on",
            "applicants",
            "group_formed_on",
            "elected_on",
            "seats",
            "officers_on",
            "filed_on",
            "term_ends",
            "community_acting",
            "handed_over_on",
            "stages",
            "members",
            "documents",
        ]


class CommitteeFilter(OfProjectFilterSet):
    state = django_filters.MultipleChoiceFilter(choices=CommitteeState.choices)

    class Meta:
        model = Committee
        fields = ["state", "within", "project"]


class CommitteeViewSet(ScopedReadOnlyViewSet):
    """Owners' committees and preparatory groups: each stage with the office that acts and its
    due day, the members (current and past) and the filed documents."""

    queryset = (
        Committee.objects.select_related("project")
        .prefetch_related("stages", "members", "documents")
        .order_by("project_id", "-term")
    )
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeFilter


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatterResult
        fields = [
            "total_area",
            "total_heads",
            "voting_area",
            "voting_heads",
            "agree_area",
            "agree_heads",
            "disagree_area",
            "disagree_heads",
            "quorum_met",
            "passed",
            "counted_at",
        ]


class MatterSerializer(serializers.ModelSerializer):
    special = serializers.BooleanField(read_only=True, help_text="特别事项（须四分之三同意）")
    result = serializers.SerializerMethodField()

    class Meta:
        model = Matter
        fields = ["position", "kind", "title", "special", "result"]

    @extend_schema_field(ResultSerializer(allow_null=True))
    def get_result(self, matter):
        result = getattr(matter, "result", None)
        return ResultSerializer(result).data if result is not None else None


class VoteSerializer(ProjectFields, serializers.ModelSerializer):
    thresholds = serializers.SerializerMethodField(help_text="参与、一般事项与特别事项的法定比例（分数）")
    matters = MatterSerializer(many=True, read_only=True)

    class Meta:
        model = Vote
        fields = [
            "id",
            "project",
            "project_code",
            "project_name",
            "title",
            "organiser",
            "status",
            "thresholds",
            "roll_units",
            "roll_area",
            "roll_heads",
            "noticed_at",
            "opens_at",
            "closes_at",
            "extended_from",
            "extension_reason",
            "closed_at",
            "result_due_at",
            "preliminary_at",
            "objections_end_at",
            "announced_at",
            "archived_at",
            "suspension_reason",
            "matters",
        ]

    def get_thresholds(self, vote) -> dict[str, str]:
        return {
            "quorum": f"{vote.quorum_num}/{vote.quorum_den}",
            "majority": f"{vote.majority_num}/{vote.majority_den}",
            "special": f"{vote.special_num}/{vote.special_den}",
        }


class VoteFilter(OfProjectFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=VoteStatus.choices)
    year = YearFilter(field_name="created__year")

    class Meta:
        model = Vote
        fields = ["status", "year", "within", "project"]


class VoteViewSet(ScopedReadOnlyViewSet):
    """Owners' votes (业主大会表决) with their dates, thresholds and each matter's counted result
    by area and by head. The ballots and who cast them are not part of this API."""

    queryset = (
        Vote.objects.select_related("project")
        .prefetch_related(Prefetch("matters", Matter.objects.select_related("result").order_by("position")))
        .order_by("-created", "-pk")
    )
    serializer_class = VoteSerializer
    filterset_class = VoteFilter
