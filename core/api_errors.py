"""JSON error answers for every ``/api/`` path, also those no API view handles.

DRF answers its views' errors with ``{"detail": …}`` (``core.api`` adds ``code``). A request
under ``/api/`` can be refused before any API view runs, though: a path whose URL converter
does not match (``/api/v1/projects/abc/``), a NUL in the query (``core.request_guards``), an
error in a middleware. Django would answer those with the HTML pages meant for browsers; an API
client gets the same structured body as from the views instead (the schema's error body,
``core.schema.ERROR_BODY``). Pages outside ``/api/`` keep Django's HTML answers.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_response(status: int, detail: str, code: str) -> JsonResponse:
    """The API's error body: ``detail`` in words, ``code`` naming the reason."""
    return JsonResponse({"detail": str(detail), "code": code}, status=status, json_dumps_params={"ensure_ascii": False})


# The URL configuration's handler400/403/404/500 (config.urls).


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if is_api_request(request):
        return error_response(400, _("请求无效。"), "bad_request")
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if is_api_request(request):
        detail = str(exception) if exception and str(exception) else _("您无权执行此操作。")
        return error_response(403, detail, "permission_denied")
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if is_api_request(request):
        return error_response(404, _("请求的地址不存在。"), "not_found")
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if is_api_request(request):
        return error_response(500, _("服务器处理请求时出错，已记录。请稍后再试。"), "server_error")
    return defaults.server_error(request, template_name)
