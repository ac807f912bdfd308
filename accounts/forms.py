from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码错误。连续多次输入错误，账号将被临时锁定。"),
        "inactive": _("该账号已停用。"),
    }
