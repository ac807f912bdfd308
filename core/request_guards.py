"""Requests refused before any view sees them."""

from urllib.parse import unquote

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from .api_errors import error_response, is_api_request
from .text import strip_control_querydict

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectNulMiddleware:
    """400 for a NUL byte in the path or the query string.

    No URL of the portal contains one, and PostgreSQL cannot store or compare text holding it:
    each view that passes such a value to a query would fail with a 500. Under ``/api/`` the
    answer is the API's JSON error body (core.api_errors), elsewhere plain text.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "\x00" in unquote(query):
            message = _("请求地址中含有非法字符。")
            if is_api_request(request):  # the API's structured error body
                return error_response(400, message, "invalid_characters")
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class StripControlCharsMiddleware:
    """Form fields lose their control characters (core.text) before any view reads them.

    Views hand posted text to the rules modules, which store it: a NUL byte there is a 500
    (PostgreSQL refuses it), and any other control character breaks later Excel and XML
    output. Uploaded files are left alone. CSRF-exempt views are skipped: they may need the raw
    body (a signature over it) and clean their input themselves (the DRF parsers in
    core.parsers, the channel APIs); every other view has its form read by the CSRF check
    anyway, so reading it here costs nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        exempt = getattr(view_func, "csrf_exempt", False)
        if not exempt and request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = strip_control_querydict(request.POST)
