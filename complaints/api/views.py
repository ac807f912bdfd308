from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Department
from core.api import ActionMixin, NoteSerializer, ScopedReadOnlyViewSet, rule_errors
from core.permissions import require
from enterprises.models import Enterprise
from regions.models import Region

from .. import privacy, workflow
from ..duplicates import likely_duplicates
from ..filtersets import ComplaintFilterSet
from ..models import Category, Complaint, ComplaintEvent
from . import serializers as s


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Complaint categories (reference data, the same for everyone)."""

    queryset = Category.objects.filter(is_active=True).select_related("parent")
    serializer_class = s.CategorySerializer
    pagination_class = None
    lookup_field = "code"


class ComplaintViewSet(ActionMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Complaints in the caller's scope, their events, and the workflow actions.

    An action that the complaint's status does not allow answers 409 with a message; one the
    caller may not perform, 403; bad input, 400. Nothing is half-done.
    """

    # The nullable assignees in queries of their own: LEFT JOINs multiply the planner's work.
    queryset = (
        Complaint.objects.select_related("project", "category")
        .prefetch_related("assignee_enterprise", "assignee_region", "assignee_department")
        .order_by("-created")
    )
    filterset_class = ComplaintFilterSet
    result_serializer_class = s.ComplaintSerializer
    ordering_fields = ["created", "due_at", "status"]

    def get_serializer_class(self):
        if self.action == "create":
            return s.ComplaintCreateSerializer
        return {
            "events": s.EventSerializer, "accept": NoteSerializer, "reject": s.ReasonSerializer,
            "assign": s.AssignSerializer, "sign": NoteSerializer, "start": NoteSerializer,
            "answer": s.AnswerSerializer, "send_back": s.ReasonSerializer, "close": s.CloseSerializer,
            "substantiate": s.SubstantiateSerializer, "merge": s.MergeSerializer,
        }.get(self.action, s.ComplaintSerializer)  # fmt: skip

    @extend_schema(request=s.ComplaintCreateSerializer, responses={201: s.ComplaintSerializer})
    def create(self, request, *args, **kwargs):
        require(request.user, "complaints.register")
        serializer = s.ComplaintCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        with rule_errors():
            complaint = workflow.submit(Complaint(**serializer.validated_data), actor=request.user)
        return Response(s.ComplaintSerializer(complaint, context={"request": request}).data, status=201)

    @extend_schema(responses=s.EventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        complaint = self.get_object()
        events = ComplaintEvent.objects.filter(complaint=complaint).select_related("actor")
        return Response(s.EventSerializer(events, many=True).data)

    @extend_schema(responses=s.ComplaintSerializer(many=True))
    @action(detail=True, methods=["get"])
    def duplicates(self, request, pk=None):
        rows = likely_duplicates(self.get_object(), request.user)
        return Response(s.ComplaintSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(request=None, responses=s.PhoneSerializer)
    @action(detail=True, methods=["post"], url_path="reveal-phone")
    def reveal_phone(self, request, pk=None):
        """The full phone number, for the officers handling the complaint; each reveal is an event."""
        complaint = self.get_object()
        with rule_errors():
            phone = workflow.reveal_phone(complaint, actor=request.user)
        return Response({"complainant_phone": phone})

    @extend_schema(request=None, responses=s.TrackingCodeSerializer)
    @action(detail=True, methods=["post"], url_path="reveal-tracking-code")
    def reveal_tracking_code(self, request, pk=None):
        """The resident's tracking code, for bureau officers only; each look is audited."""
        complaint = self.get_object()
        with rule_errors():
            code = privacy.reveal_tracking_code(complaint, actor=request.user, request=request)
        return Response({"tracking_code": code})

    @extend_schema(responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self.run(request, lambda c, u, d: workflow.accept(c, actor=u, note=d["note"]))

    @extend_schema(responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.run(request, lambda c, u, d: workflow.reject(c, actor=u, reason=d["reason"]))

    @extend_schema(responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        def run(c, u, d):
            model = {"enterprise": Enterprise, "region": Region, "department": Department}[d["kind"]]
            target = get_object_or_404(model.objects.visible_to(u), pk=d["target"])
            return workflow.assign(c, actor=u, to=target, note=d["note"])

        return self.run(request, run)

    @extend_schema(responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self.run(request, lambda c, u, d: workflow.sign(c, actor=u))

    @extend_schema(responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self.run(request, lambda c, u, d: workflow.start(c, actor=u, note=d["note"]))

    @extend_schema(responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self.run(request, lambda c, u, d: workflow.answer(c, actor=u, text=d["text"]))

    @extend_schema(responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        return self.run(request, lambda c, u, d: workflow.send_back(c, actor=u, reason=d["reason"]))

    @extend_schema(responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self.run(request, lambda c, u, d: workflow.close(c, actor=u, **d))

    @extend_schema(responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def substantiate(self, request, pk=None):
        return self.run(
            request, lambda c, u, d: workflow.set_substantiated(c, actor=u, substantiated=d["value"], note=d["note"])
        )

    @extend_schema(responses=s.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        def run(c, u, d):
            into = get_object_or_404(Complaint.objects.visible_to(u), pk=d["into"])
            return workflow.merge(c, into=into, actor=u, note=d["note"])

        return self.run(request, run)
