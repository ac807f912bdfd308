"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): services are the complaint
categories, requests are complaints. JSON or XML by the URL's extension; errors in the spec's
format. An ``api_key`` is required to post a request and to read requests (they concern
residents; a client reads the requests it submitted).
"""

from __future__ import annotations

import datetime as dt
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from core.choices import choice_label
from core.text import as_id, strip_control, strip_control_querydict

from .channel_auth import ChannelAuthError, authenticate
from .choices import FINAL_STATUSES, Channel, Status
from .external_limits import CheckedExternalComplaintForm
from .intake import receive
from .models import Category, Complaint

CHANGESET = "2026-11-26T00:00:00+08:00"
FORMATS = {"json": "application/json", "xml": "text/xml"}


def _render(data, fmt: str, status: int = 200, root: str = "", item: str = "") -> HttpResponse:
    if fmt == "json":
        return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(_xml(data, root, item), status=status, content_type="text/xml; charset=utf-8")


def _xml(data, root: str, item: str) -> bytes:
    top = Element(root)
    for entry in data if isinstance(data, list) else [data]:
        _fill(SubElement(top, item), entry)
    return b'<?xml version="1.0" encoding="utf-8"?>' + tostring(top, encoding="utf-8")


def _render_single(data: dict, fmt: str, root: str) -> HttpResponse:
    """One object: JSON as is, XML as ``<root>`` holding its fields (lists as ``<xs><x/></xs>``)."""
    if fmt == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    top = Element(root)
    _fill(top, data)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _fill(node, value):
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, list):
                holder = SubElement(node, key)
                for element in inner:
                    _fill(SubElement(holder, key.rstrip("s")), element)
            else:
                _fill(SubElement(node, key), inner)
    elif value is not None:
        # Control characters are not allowed in XML 1.0: one stored in a complaint would make
        # the whole document unparseable.
        node.text = str(value).lower() if isinstance(value, bool) else strip_control(str(value))


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _render([{"code": status, "description": description}], fmt, status, "errors", "error")


def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/")
    data = {
        "changeset": CHANGESET,
        "contact": "物业监管科",
        "key_service": "请向住建局物业监管科申请 api_key",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": list(FORMATS.values()),
            }  # fmt: skip
        ],
    }
    return _render_single(data, fmt, "discovery")


def services(request, fmt):
    rows = [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": str(c),
            "metadata": True,
            "type": "realtime",
            "keywords": c.name,
            "group": c.parent.name if c.parent_id else "物业服务",
        }
        for c in Category.objects.filter(is_active=True).select_related("parent")
    ]
    return _render(rows, fmt, root="services", item="service")


def service_definition(request, code, fmt):
    if not Category.objects.filter(code=code, is_active=True).exists():
        return _error(fmt, 404, "service_code not found")
    data = {
        "service_code": code,
        "attributes": [
            {
                "variable": True,
                "code": "project_id",
                "datatype": "number",
                "required": False,
                "datatype_description": "物业项目 ID；不提供时按 address_string 匹配小区",
                "order": 1,
                "description": "物业项目",
            }
        ],
    }
    return _render_single(data, fmt, "service_definition")


def _request_row(c: Complaint) -> dict:
    return {
        "service_request_id": str(c.pk),
        "status": "closed" if c.status in FINAL_STATUSES else "open",
        "status_notes": choice_label(Status, c.status),
        "service_name": c.category.name,
        "service_code": c.category.code,
        "description": c.description,
        "agency_responsible": c.assignee_label or "住建局物业监管科",
        "service_notice": "",
        "requested_datetime": timezone.localtime(c.created).isoformat(),
        "updated_datetime": timezone.localtime(c.closed_at or c.answered_at or c.assigned_at or c.created).isoformat(),
        "expected_datetime": timezone.localtime(c.due_at).isoformat() if c.due_at else None,
        "address": c.project.address,
        "address_id": c.project.code,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _datetime(raw: str | None):
    """A W3C datetime parameter; ``ValueError`` for a malformed or impossible one (02-30)."""
    if not raw:
        return None
    parsed = parse_datetime(raw)  # itself raises ValueError for a well-formed impossible date
    if parsed is None:
        raise ValueError(raw)
    return parsed


@csrf_exempt
def requests_view(request, fmt):
    if fmt not in FORMATS:
        return _error("json", 404, "format not supported")
    try:
        client = authenticate(request, key=request.POST.get("api_key") or request.GET.get("api_key"))
    except ChannelAuthError:
        return _error(fmt, 403, "api_key missing or invalid")
    if request.method == "POST":
        return _post_request(request, fmt, client)
    if request.method != "GET":
        return _error(fmt, 405, "method not allowed")
    qs = Complaint.objects.filter(source_client=client).select_related(
        "category", "project", "assignee_enterprise", "assignee_region", "assignee_department"
    )
    params = request.GET
    if params.get("service_request_id"):
        ids = [i for i in map(as_id, params["service_request_id"].split(",")) if i is not None]
        qs = qs.filter(pk__in=ids)
    else:
        if params.get("service_code"):
            qs = qs.filter(category__code__in=params["service_code"].split(","))
        if params.get("status") in ("open", "closed"):
            qs = (
                qs.filter(status__in=FINAL_STATUSES)
                if params["status"] == "closed"
                else qs.exclude(status__in=FINAL_STATUSES)
            )
        try:
            parsed_start, parsed_end = _datetime(params.get("start_date")), _datetime(params.get("end_date"))
        except ValueError:
            return _error(fmt, 400, _("start_date 和 end_date 应为有效的 W3C 日期时间。"))
        # The spec's default window: the last 90 days; at most 1000 requests.
        qs = qs.filter(created__gte=parsed_start or (timezone.now() - dt.timedelta(days=90)))
        if parsed_end:
            qs = qs.filter(created__lte=parsed_end)
    rows = [_request_row(c) for c in qs.order_by("-created")[:1000]]
    return _render(rows, fmt, root="service_requests", item="request")


def _post_request(request, fmt, client):
    data = strip_control_querydict(request.POST)
    form = CheckedExternalComplaintForm(
        {
            "project_id": data.get("attribute[project_id]") or None,
            "address": data.get("address_string"),
            "category": data.get("service_code"),
            "description": data.get("description"),
            "phone": data.get("phone"),
            "name": " ".join(p for p in (data.get("last_name"), data.get("first_name")) if p),
        }
    )
    if not form.is_valid():
        messages = [m for errors in form.errors.values() for m in errors]
        return _error(fmt, 400, "; ".join(messages))
    # GeoReport v2 has no idempotency field; a client that retries sends the same token
    # (header Idempotency-Key or attribute[request_token]) and gets the same request back.
    token = (request.headers.get("Idempotency-Key") or data.get("attribute[request_token]") or "").strip()[:40]
    external_id = f"open311:{client.pk}:{token}" if token else None
    complaint, created = receive(form.cleaned_data, client=client, channel=Channel.API, external_id=external_id)
    row = {
        "service_request_id": str(complaint.pk),
        "service_notice": "查询码 " + complaint.tracking_code,
        "account_id": None,
    }
    return _render([row], fmt, 201 if created else 200, "service_requests", "request")


@csrf_exempt
def request_detail(request, pk, fmt):
    if fmt not in FORMATS:
        return _error("json", 404, "format not supported")
    try:
        client = authenticate(request, key=request.GET.get("api_key"))
    except ChannelAuthError:
        return _error(fmt, 403, "api_key missing or invalid")
    complaint = (
        Complaint.objects.filter(source_client=client, pk=pk)
        .select_related("category", "project", "assignee_enterprise", "assignee_region", "assignee_department")
        .first()
    )
    if complaint is None:
        return _error(fmt, 404, "service_request_id not found")
    return _render([_request_row(complaint)], fmt, root="service_requests", item="request")
