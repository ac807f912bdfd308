import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

IDLE_KEY = "last_activity"


class StaffIdleTimeoutMiddleware:
    """Log a signed-in user out after ``SESSION_IDLE_TIMEOUT`` seconds without a request.

    Only the session of a signed-in user is touched, so the public pages stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(IDLE_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("由于长时间未操作，您已自动退出，请重新登录。"))
                if not request.path.startswith("/api/"):
                    return redirect_to_login(request.get_full_path())
            elif last is None or now - last >= 60:
                # Renew at most once a minute: a session write on every request is waste.
                request.session[IDLE_KEY] = now
        return self.get_response(request)


def password_change_required(user) -> bool:
    """Signed in with a one-time password somebody else set: nothing else until it is replaced."""
    return bool(user is not None and user.is_authenticated and getattr(user, "must_change_password", False))


class PasswordChangeRequiredMiddleware:
    """After a one-time password, every page leads to the change-password page until the user has
    chosen their own. Open meanwhile: that page, logout, the language switch and static files.
    The API (``/api/``) answers a structured 403 instead (``accounts.backends``), since a token
    user is only known inside DRF."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _open(self, path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        always = (reverse("accounts:password_change"), reverse("accounts:logout"), reverse("set_language"))
        return path in always or path.startswith((static, "/api/"))

    def __call__(self, request):
        if password_change_required(getattr(request, "user", None)) and not self._open(request.path):
            target = reverse("accounts:password_change")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)
