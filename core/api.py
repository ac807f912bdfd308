"""API bases: the same scoping as the pages, applied once, and one runner for actions."""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response

from .text import NOTE_MAX, join_messages


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """``get_queryset`` = ``queryset.visible_to(request.user)``: out of scope → 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class NoteSerializer(serializers.Serializer):
    """The body of an action that takes only an optional note."""

    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX)


class Refused(APIException):
    """A rules function refused the input (400) or the object's state (409)."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, error: DjangoValidationError):
        code = getattr(error, "code", None) or "invalid"
        if code == "invalid_state":
            self.status_code = status.HTTP_409_CONFLICT
        super().__init__({"detail": join_messages(error.messages), "code": code})


@contextmanager
def rule_errors():
    """Turn a rules function's refusals into API answers: PermissionDenied → 403, a wrong state
    (:class:`core.errors.InvalidState`) → 409, any other ValidationError → 400, each with
    ``detail`` and ``code``."""
    try:
        yield
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error) or None) from error
    except DjangoValidationError as error:
        raise Refused(error) from error


class ActionMixin:
    """Run a rules-module action on the viewset's object and answer as every action does.

    ``fn(obj, user, validated_data)`` returns the changed object; refusals are mapped by
    :func:`rule_errors`, and the rules function's transaction guarantees nothing is half-done.
    """

    result_serializer_class = None

    def run(self, request, fn, payload_serializer=None, result_serializer=None):
        obj = self.get_object()
        payload = (payload_serializer or self.get_serializer_class())(data=request.data)
        payload.is_valid(raise_exception=True)
        with rule_errors():
            result = fn(obj, request.user, payload.validated_data)
        serializer = result_serializer or self.result_serializer_class
        return Response(serializer(result, context={"request": request}).data)
