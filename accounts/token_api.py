"""``POST /api/v1/token/``: DRF's token login, with bounded fields and the safe parsers."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken

from core.parsers import CleanFormParser, CleanMultiPartParser, SafeJSONParser

USERNAME_MAX = get_user_model()._meta.get_field("username").max_length


class BoundedAuthTokenSerializer(AuthTokenSerializer):
    # A failed login is recorded by django-axes in a varchar(255): an unbounded name was a 500.
    username = serializers.CharField(label=_("用户名"), max_length=USERNAME_MAX, write_only=True)
    password = serializers.CharField(
        label=_("密码"), max_length=4096, style={"input_type": "password"}, trim_whitespace=False, write_only=True
    )


class TokenView(ObtainAuthToken):
    parser_classes = [SafeJSONParser, CleanFormParser, CleanMultiPartParser]
    serializer_class = BoundedAuthTokenSerializer
