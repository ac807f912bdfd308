from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication

from . import tokens

USER_RELATED = ("region", "enterprise", "department")


class EmailOrUsernameModelBackend(ModelBackend):
    """Django's model backend, loading the user's home region, enterprise and department in
    the same query, since every scoped query of the request reads them."""

    def get_user(self, user_id):
        user = self._user_queryset().filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None

    @staticmethod
    def _user_queryset():
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.select_related(*USER_RELATED)


class ScopedTokenAuthentication(TokenAuthentication):
    """Token authentication that loads the user's scope with the token (one query), refuses
    expired tokens and records their use (``accounts.tokens``)."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        token = model.objects.select_related(*(f"user__{f}" for f in USER_RELATED), "user").filter(key=key).first()
        if token is None:
            from rest_framework import exceptions

            raise exceptions.AuthenticationFailed("无效的令牌。")
        if not token.user.is_active:
            from rest_framework import exceptions

            raise exceptions.AuthenticationFailed("账号已停用或已删除。")
        return (token.user, token)

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and not tokens.check(result[1], request=request):
            from rest_framework import exceptions

            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取。"))
        return result
