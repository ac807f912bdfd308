from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from projects.models import Project

from ..choices import Channel
from ..models import Category, Complaint, ComplaintEvent
from ..validation import clean_description, mobile_validator


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = ["id", "code", "name", "name_en", "parent", "department_kind"]


class ComplaintSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    assignee = serializers.CharField(source="assignee_label", read_only=True)
    work_order_no = serializers.CharField(read_only=True)
    complainant_phone = serializers.CharField(source="masked_phone", read_only=True)

    class Meta:
        model = Complaint
        # No tracking code (the resident's secret) and the phone masked for everyone: the
        # reveal actions give them to whom the rules allow, and record each look.
        fields = [
            "id",
            "work_order_no",
            "channel",
            "external_id",
            "project",
            "project_name",
            "enterprise",
            "category",
            "description",
            "urgency",
            "status",
            "created",
            "accepted_at",
            "assigned_at",
            "answered_at",
            "closed_at",
            "assignee_kind",
            "assignee",
            "stage",
            "due_at",
            "is_overdue",
            "escalation_level",
            "answer",
            "reject_reason",
            "feedback",
            "feedback_comment",
            "substantiated",
            "outcome",
            "remit_body",
            "remit_contact",
            "publish_consent",
            "merged_into",
            "complainant_name",
            "complainant_phone",
        ]
        read_only_fields = fields


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

    def validate_description(self, text):
        try:
            return clean_description(text)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate_project(self, project):
        if not Project.objects.visible_to(self.context["request"].user).filter(pk=project.pk).exists():
            raise serializers.ValidationError("项目不存在或不在您的辖区内。")
        return project


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_display", read_only=True)
    text = serializers.CharField(read_only=True, help_text="事件说明：按事件类型和参数生成，随请求语言")

    class Meta:
        model = ComplaintEvent
        fields = ["id", "type", "actor", "from_status", "to_status", "text", "params", "note", "public_note", "created"]


class PhoneSerializer(serializers.Serializer):
    complainant_phone = serializers.CharField()


class TrackingCodeSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
