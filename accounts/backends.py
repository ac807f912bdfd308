from django.contrib.auth.backends import ModelBackend
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

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


class PasswordChangeRequired(exceptions.APIException):
    """403 for a user still on a one-time password, with a code a client can act on."""

    status_code = status.HTTP_403_FORBIDDEN
    default_code = "password_change_required"

    def __init__(self):
        super().__init__(
            {
                "detail": _("您正在使用一次性密码，请先登录网页修改密码后再使用 API。"),
                "code": self.default_code,
                "change_password_url": reverse("accounts:password_change"),
            }
        )


def refuse_one_time_password(user) -> None:
    """Raise :class:`PasswordChangeRequired` while ``user`` must replace a one-time password."""
    if getattr(user, "must_change_password", False):
        raise PasswordChangeRequired()


class PortalSessionAuthentication(SessionAuthentication):
    """DRF's session authentication, refusing a user who must first replace a one-time password."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            refuse_one_time_password(result[0])
        return result


class ScopedTokenAuthentication(TokenAuthentication):
    """Token authentication that loads the user's scope with the token (one query), refuses
    expired tokens and records their use (``accounts.tokens``)."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        token = model.objects.select_related(*(f"user__{f}" for f in USER_RELATED), "user").filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed("无效的令牌。")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("账号已停用或已删除。")
        return (token.user, token)

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and not tokens.check(result[1], request=request):
            from rest_framework import exceptions

            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取。"))
        if result is not None:
            refuse_one_time_password(result[0])
        return result
