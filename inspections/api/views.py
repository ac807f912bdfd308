from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ActionMixin, NoteSerializer, ScopedReadOnlyViewSet, rule_errors
from core.permissions import require, require_role
from enterprises.models import Enterprise
from projects.models import Project

from .. import draws, rectification, selfreports, workflow
from ..filtersets import InspectionFilterSet, OrderFilterSet, SelfReportFilterSet
from ..models import Draw, Inspection, InspectionStandard, RectificationOrder, SelfReport, StandardItem, Summons
from . import serializers as s


class StandardViewSet(ScopedReadOnlyViewSet):
    """Inspection standards with categories, items and totals per project type."""

    queryset = InspectionStandard.objects.prefetch_related("totals", "categories__items")
    serializer_class = s.StandardSerializer


class DrawViewSet(ActionMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = Draw.objects.select_related("region").prefetch_related("results")
    serializer_class = s.DrawSerializer

    def get_serializer_class(self):
        return s.DrawCreateSerializer if self.action == "create" else s.DrawSerializer

    @extend_schema(request=s.DrawCreateSerializer, responses={201: s.DrawSerializer})
    def create(self, request, *args, **kwargs):
        require_role(request.user, "inspections.organise_draw")
        serializer = s.DrawCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        require(request.user, "inspections.organise_draw", serializer.validated_data["region"])
        draw = serializer.save(created_by=request.user)
        return Response(s.DrawSerializer(draw).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NoteSerializer, responses=s.DrawSerializer)
    @action(detail=True, methods=["post"])
    def execute(self, request, pk=None):
        return self.run(request, lambda d, u, v: draws.execute(d, actor=u), NoteSerializer, s.DrawSerializer)

    @extend_schema(responses={200: {"type": "object"}})
    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        ok, problems = draws.verify(self.get_object())
        return Response({"consistent": ok, "problems": problems})


class InspectionViewSet(ActionMixin, ScopedReadOnlyViewSet):
    queryset = Inspection.objects.prefetch_related("deductions__item")
    serializer_class = s.InspectionSerializer
    filterset_class = InspectionFilterSet

    @extend_schema(request=s.DeductSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def deduct(self, request, pk=None):
        def run(inspection, user, data):
            item = get_object_or_404(StandardItem, pk=data["item"], category__standard=inspection.standard)
            workflow.deduct(
                inspection, actor=user, item=item, points=data["points"], reason=data["reason"], rectify=data["rectify"]
            )
            return Inspection.objects.get(pk=inspection.pk)

        return self.run(request, run, s.DeductSerializer, s.InspectionSerializer)

    @extend_schema(request=NoteSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.run(request, lambda i, u, v: workflow.submit(i, actor=u), NoteSerializer, s.InspectionSerializer)

    @extend_schema(request=NoteSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def countersign(self, request, pk=None):
        return self.run(
            request, lambda i, u, v: workflow.countersign(i, actor=u), NoteSerializer, s.InspectionSerializer
        )

    @extend_schema(request=s.ReturnSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        """The second inspector returns a submitted inspection to be revised, with the reason."""
        return self.run(
            request,
            lambda i, u, v: workflow.return_for_revision(i, actor=u, reason=v["reason"]),
            s.ReturnSerializer,
            s.InspectionSerializer,
        )


class OrderViewSet(ActionMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """The rectification ledger; officers issue orders, enterprises answer, officers close or reopen."""

    queryset = RectificationOrder.objects.select_related("project__region")
    serializer_class = s.OrderSerializer
    filterset_class = OrderFilterSet

    def perform_create(self, serializer):
        data = serializer.validated_data
        project = get_object_or_404(Project.objects.visible_to(self.request.user), pk=data["project"].pk)
        with rule_errors():
            serializer.instance = rectification.issue(
                project=project,
                source=data["source"],
                issue=data["issue"],
                days=data["working_days"],
                actor=self.request.user,
            )

    @extend_schema(request=s.OrderAnswerSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self.run(
            request,
            lambda o, u, v: rectification.answer(o, actor=u, text=v["text"]),
            s.OrderAnswerSerializer,
            s.OrderSerializer,
        )

    @extend_schema(request=NoteSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self.run(
            request,
            lambda o, u, v: rectification.close(o, actor=u, note=v["note"]),
            NoteSerializer,
            s.OrderSerializer,
        )

    @extend_schema(request=NoteSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self.run(
            request,
            lambda o, u, v: rectification.reopen(o, actor=u, reason=v["note"]),
            NoteSerializer,
            s.OrderSerializer,
        )


class SummonsViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = Summons.objects.all()
    serializer_class = s.SummonsSerializer

    @extend_schema(request=s.SummonsCreateSerializer, responses={201: s.SummonsSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.SummonsCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=data["enterprise"].pk)
        with rule_errors():
            summons = rectification.record_summons(actor=request.user, **{**data, "enterprise": enterprise})
        return Response(s.SummonsSerializer(summons).data, status=status.HTTP_201_CREATED)


class SelfReportViewSet(ActionMixin, ScopedReadOnlyViewSet):
    queryset = SelfReport.objects.select_related("project")
    serializer_class = s.SelfReportSerializer
    filterset_class = SelfReportFilterSet

    @extend_schema(request=s.SubmitReportSerializer, responses=s.SelfReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.run(
            request,
            lambda r, u, v: selfreports.submit(r, actor=u, scores=v["scores"], evidence=v["evidence"]),
            s.SubmitReportSerializer,
            s.SelfReportSerializer,
        )

    @extend_schema(request=NoteSerializer, responses=s.SelfReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self.run(
            request,
            lambda r, u, v: selfreports.accept(r, actor=u, note=v["note"]),
            NoteSerializer,
            s.SelfReportSerializer,
        )

    @extend_schema(request=NoteSerializer, responses=s.SelfReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_correction(self, request, pk=None):
        return self.run(
            request,
            lambda r, u, v: selfreports.return_for_correction(r, actor=u, reasons=v["note"]),
            NoteSerializer,
            s.SelfReportSerializer,
        )
