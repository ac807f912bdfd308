"""``/api/v1/token/``: POST a username and password for a token, DELETE to revoke it."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.parsers import CleanFormParser, CleanMultiPartParser, SafeJSONParser

from . import tokens
from .backends import refuse_one_time_password

USERNAME_MAX = get_user_model()._meta.get_field("username").max_length

ISSUED = inline_serializer("IssuedToken", {"token": serializers.CharField(), "expires": serializers.DateTimeField()})


class BoundedAuthTokenSerializer(AuthTokenSerializer):
    # A failed login is recorded by django-axes in a varchar(255): an unbounded name was a 500.
    username = serializers.CharField(label=_("用户名"), max_length=USERNAME_MAX, write_only=True)
    password = serializers.CharField(
        label=_("密码"), max_length=4096, style={"input_type": "password"}, trim_whitespace=False, write_only=True
    )


class TokenView(ObtainAuthToken):
    """A token valid for ``API_TOKEN_TTL_HOURS`` (``Authorization: Token …``); each issue, each
    hour of use and each revocation goes to the audit log. Bounded fields, safe parsers."""

    parser_classes = [SafeJSONParser, CleanFormParser, CleanMultiPartParser]
    serializer_class = BoundedAuthTokenSerializer

    def _issuing(self) -> bool:
        # The schema generator asks before there is a request.
        return getattr(self.request, "method", None) == "POST"

    def get_authenticators(self):
        if self._issuing():  # credentials in the body: an expired token sent along must not get in the way
            return []
        return [auth() for auth in api_settings.DEFAULT_AUTHENTICATION_CLASSES]

    def get_permissions(self):
        return [AllowAny()] if self._issuing() else [IsAuthenticated()]

    @extend_schema(responses=ISSUED)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        refuse_one_time_password(serializer.validated_data["user"])
        token = tokens.issue(serializer.validated_data["user"], request=request)
        return Response({"token": token.key, "expires": tokens.expires_at(token)})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, *args, **kwargs):
        tokens.revoke(request.user, request=request)
        return Response(status=204)
