from rest_framework import serializers

from core.text import NOTE_MAX, TEXT_MAX
from projects.models import Project

from .. import workflow
from ..choices import Channel
from ..forms import mobile_validator
from ..models import Category, Complaint, ComplaintEvent


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Category
        fields = ["id", "code", "name", "parent", "department_kind"]


class ComplaintSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    assignee = serializers.CharField(source="assignee_label", read_only=True)
    complainant_phone = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id", "tracking_code", "channel", "external_id", "project", "project_name", "enterprise", "category",
            "description", "urgency", "status", "created", "accepted_at", "assigned_at", "answered_at", "closed_at",
            "assignee_kind", "assignee", "stage", "due_at", "is_overdue", "escalation_level", "answer",
            "reject_reason", "feedback", "feedback_comment", "substantiated", "merged_into", "complainant_name",
            "complainant_phone",
        ]  # fmt: skip
        read_only_fields = fields

    def get_complainant_phone(self, obj) -> str:
        user = self.context["request"].user
        return obj.complainant_phone if workflow.can_see_phone(user, obj) else obj.masked_phone


class ComplaintCreateSerializer(serializers.ModelSerializer):
    """Officers register complaints taken by phone, at the counter or transferred to them."""

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.filter(is_active=True))
    complainant_phone = serializers.CharField(max_length=11, validators=[mobile_validator])
    channel = serializers.ChoiceField(
        choices=[c for c in Channel.choices if c[0] != Channel.PORTAL], default=Channel.PHONE
    )

    class Meta:
        model = Complaint
        fields = ["project", "category", "description", "urgency", "channel", "complainant_name", "complainant_phone"]

    def validate_project(self, project):
        if not Project.objects.visible_to(self.context["request"].user).filter(pk=project.pk).exists():
            raise serializers.ValidationError("项目不存在或不在您的辖区内。")
        return project


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintEvent
        fields = ["id", "type", "actor", "from_status", "to_status", "note", "public_note", "created"]

    def get_actor(self, obj) -> str:
        return obj.actor.get_full_name() or obj.actor.username if obj.actor_id else obj.actor_label


def note_field():
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX)


def id_field():
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class NoteSerializer(serializers.Serializer):
    note = note_field()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=NOTE_MAX)


class AssignSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["enterprise", "region", "department"])
    target = id_field()
    note = note_field()


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX)


class SubstantiateSerializer(serializers.Serializer):
    value = serializers.BooleanField()
    note = note_field()


class MergeSerializer(serializers.Serializer):
    into = id_field()
    note = note_field()
