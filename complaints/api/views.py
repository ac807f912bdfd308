from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ActionMixin, ScopedReadOnlyViewSet, rule_errors
from core.permissions import require

from .. import actions, privacy, workflow
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

    # The workflow actions: one endpoint per entry of complaints.actions.ACTIONS with an API body,
    # added below the class.

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
        if self.action == "events":
            return s.EventSerializer
        if self.action in actions.API_ACTIONS:
            return actions.API_ACTIONS[self.action].body
        return s.ComplaintSerializer

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


def _workflow_endpoint(name: str, entry: actions.Action):
    """``POST /complaints/{id}/<name>/``: the body validated by the entry's serializer, then the
    entry performed; answers the complaint as it is afterwards."""

    def endpoint(self, request, pk=None):
        return self.run(request, entry.perform, entry.body)

    endpoint.__name__ = endpoint.__qualname__ = name  # the router's URL name and the attribute's
    posted = action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(endpoint)
    return extend_schema(request=entry.body, responses=s.ComplaintSerializer)(posted)


for _name, _entry in actions.API_ACTIONS.items():
    setattr(ComplaintViewSet, _name, _workflow_endpoint(_name, _entry))
