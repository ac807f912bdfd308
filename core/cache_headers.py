"""What a browser or a proxy may keep: nothing of a signed-in user's or a private download.

Staff pages, Excel exports, bulletins, photos and a resident's tracking pages name people,
phone numbers and drafts. A shared proxy (the bureau's, an operator's) or the browser's disk
cache on a shared office computer must not keep them: each such response says
``Cache-Control: private, no-store``. Public pages seen anonymously keep the caching their
views chose (``cache_page`` on the public statistics).
"""

from functools import wraps

from django.conf import settings
from django.views.decorators.cache import cache_page

PRIVATE = "private, no-store"
# Headers and the query parameter (Open311's api_key) by which API clients name themselves.
CREDENTIAL_HEADERS = ("Authorization", "X-Client-Key", "X-Signature")


def _personal(request) -> bool:
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or any(name in request.headers for name in CREDENTIAL_HEADERS)
        or "api_key" in request.GET
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


def is_private(request, response) -> bool:
    """Does ``response`` carry something only this requester may see?

    Signed in (a session, or an API token: DRF sets the user on the request it wraps); any
    API credential (tokens, channel keys, Open311's ``api_key``, even refused ones: an API
    client's answer may hold its own complainants' details); a session cookie (a resident
    who looked up a complaint, or the sign-in form's session); or a view that already said
    ``private`` (attachments, photos, charts: private downloads whoever asks).
    """
    return _personal(request) or "private" in response.get("Cache-Control", "")


def public_cache(seconds: int):
    """``cache_page(seconds)`` for anonymous visitors only.

    ``cache_page`` alone would store a signed-in officer's rendering (its menu, its name) under
    the page's key before the session adds ``Vary: Cookie``, and serve it to the next visitor;
    a personal request is rendered afresh and leaves the cache alone."""

    def decorator(view):
        cached = cache_page(seconds)(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return (view if _personal(request) else cached)(request, *args, **kwargs)

        return wrapper

    return decorator


class PrivateResponseMiddleware:
    """``Cache-Control: private, no-store`` on every response :func:`is_private` names.

    Sits after ``AuthenticationMiddleware`` (it reads ``request.user``) and before the
    middleware whose responses it must also cover (messages, idle sign-out, axes), so it sees
    their responses too; it replaces whatever the view set (``max-age``, ``Expires``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request, response):
            response["Cache-Control"] = PRIVATE
            del response["Expires"]
        return response
