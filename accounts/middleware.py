import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
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
