"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): services are the complaint
categories, requests are complaints. JSON or XML by the URL's extension; errors in the spec's
format. An ``api_key`` is required to post a request. Reading requests is public, as the spec
has it, in a public view without personal data (:func:`_request_row`); with its ``api_key`` a
client reads the requests it submitted in full. Lists are paged (``page``, ``page_size``, a
``Link: rel="next"`` header) and bad filter values are a 400.
"""

from __future__ import annotations

import datetime as dt
from xml.etree.ElementTree import Element, SubElement, tostring

from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from core.calendar import WorkCalendar
from core.choices import choice_label
from core.text import as_id, strip_control, strip_control_querydict

from . import refcache, sla
from .channel_auth import ChannelAuthError, authenticate
from .choices import FINAL_STATUSES, Channel, Outcome, Status
from .external_limits import CheckedExternalComplaintForm
from .intake import receive
from .models import Category, Complaint

CHANGESET = "2026-11-26T00:00:00+08:00"
FORMATS = {"json": "application/json", "xml": "text/xml"}
WINDOW = dt.timedelta(days=90)  # the spec's default and largest date range
PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000


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
            }
        ],
    }
    return _render_single(data, fmt, "discovery")


def services(request, fmt):
    rows = [
        {
            "service_code": c.code,
            "service_name": c.label,
            "description": str(c),
            "metadata": True,
            "type": "realtime",
            "keywords": c.label,
            "group": c.parent.label if c.parent_id else "物业服务",
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


def _request_row(c: Complaint, *, full: bool, calendar) -> dict:
    """One request as GeoReport v2 shows it. ``full`` for the client that submitted it; else the
    public view: no name, phone or address beyond the compound, and the description only where
    the resident agreed to its publication."""
    closed = c.status in FINAL_STATUSES
    notes = choice_label(Outcome, c.outcome) if closed and c.outcome else choice_label(Status, c.status)
    expected = sla.expected_answer_at(c, calendar) if c.is_open else None
    row = {
        "service_request_id": str(c.pk),
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": c.category.label,
        "service_code": c.category.code,
        "description": c.description if full or c.publish_consent else None,
        "agency_responsible": c.assignee_label or "住建局物业监管科",
        "service_notice": "",
        "requested_datetime": timezone.localtime(c.created).isoformat(),
        "updated_datetime": timezone.localtime(c.closed_at or c.answered_at or c.assigned_at or c.created).isoformat(),
        "expected_datetime": timezone.localtime(expected).isoformat() if expected else None,
        "address": c.project.address if full else c.project.name,
        "address_id": c.project.code,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
    if full and c.remit_body:
        row["service_notice"] = f"{c.remit_body} {c.remit_contact}".strip()
    return row


def _datetime(raw: str | None):
    """A W3C datetime parameter; ``ValueError`` for a malformed or impossible one (02-30)."""
    if not raw:
        return None
    parsed = parse_datetime(raw)  # itself raises ValueError for a well-formed impossible date
    if parsed is None:
        raise ValueError(raw)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


class BadQuery(ValueError):
    """A query parameter Open311 defines was given a value it does not allow (400)."""


def _positive(params, name: str, default: int, most: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    value = as_id(raw)
    if value is None or value > most:
        raise BadQuery(f"{name} must be a whole number from 1 to {most}")
    return value


def _requests_query(params):
    """The filters of ``GET requests`` (GeoReport v2): service_request_id (which overrides the
    rest), service_code, status, start_date / end_date (at most 90 days; the last 90 by
    default), and the page. ``BadQuery`` for a value the spec does not allow."""
    page = _positive(params, "page", 1, 10_000)
    page_size = _positive(params, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    if params.get("service_request_id"):
        ids = [i for i in map(as_id, params["service_request_id"].split(",")[:MAX_PAGE_SIZE]) if i is not None]
        return Q(pk__in=ids), page, page_size
    query = Q()
    if params.get("service_code"):
        codes = {c.strip() for c in params["service_code"].split(",") if c.strip()}
        known = {c.code for c in refcache.categories.get().values()}
        if not codes or codes - known:
            raise BadQuery("unknown service_code: " + ",".join(sorted(codes - known))[:200])
        query &= Q(category__code__in=codes)
    if params.get("status"):
        wanted = {v.strip().lower() for v in params["status"].split(",")}
        if not wanted or wanted - {"open", "closed"}:
            raise BadQuery("status must be open, closed or open,closed")
        if wanted == {"closed"}:
            query &= Q(status__in=FINAL_STATUSES)
        elif wanted == {"open"}:
            query &= ~Q(status__in=FINAL_STATUSES)
    try:
        start, end = _datetime(params.get("start_date")), _datetime(params.get("end_date"))
    except ValueError:
        raise BadQuery(_("start_date 和 end_date 应为有效的 W3C 日期时间。")) from None
    if start and end and start > end:
        raise BadQuery("start_date is after end_date")
    if start and end and end - start > WINDOW:
        raise BadQuery("start_date and end_date may not span more than 90 days")
    if start is None:
        start = (end or timezone.now()) - WINDOW
    if end is None:
        end = start + WINDOW
    return query & Q(created__gte=start, created__lte=end), page, page_size


def _credentials_given(request) -> bool:
    return bool(
        request.GET.get("api_key")
        or request.headers.get("X-Signature")
        or request.headers.get("Authorization", "").startswith("ApiKey ")
    )


def _reader(request):
    """The client reading (its own requests in full), None for the public; ``ChannelAuthError``
    when a key is given but wrong: a client must not silently get less than it asked for."""
    if not _credentials_given(request):
        return None
    return authenticate(request, key=request.GET.get("api_key"))


def _requests_for_reading():
    return Complaint.objects.select_related(
        "category", "project", "assignee_enterprise", "assignee_region", "assignee_department"
    )


@csrf_exempt
def requests_view(request, fmt):
    """``POST requests`` (with an api_key) files a complaint; ``GET requests`` lists them: the
    public view to anyone, the client's own requests in full with its api_key."""
    if fmt not in FORMATS:
        return _error("json", 404, "format not supported")
    if request.method == "POST":
        try:
            client = authenticate(request, key=request.POST.get("api_key") or request.GET.get("api_key"))
        except ChannelAuthError:
            return _error(fmt, 403, "api_key missing or invalid")
        return _post_request(request, fmt, client)
    if request.method != "GET":
        return _error(fmt, 405, "method not allowed")
    try:
        client = _reader(request)
    except ChannelAuthError:
        return _error(fmt, 403, "api_key missing or invalid")
    try:
        query, page, page_size = _requests_query(request.GET)
    except BadQuery as error:
        return _error(fmt, 400, str(error))
    offset = (page - 1) * page_size
    found = list(_requests_for_reading().filter(query).order_by("-created", "-id")[offset : offset + page_size + 1])
    calendar = WorkCalendar.current()
    rows = [_request_row(c, full=_owns(client, c), calendar=calendar) for c in found[:page_size]]
    response = _render(rows, fmt, root="service_requests", item="request")
    if len(found) > page_size:  # more after this page: say where (RFC 8288)
        following = request.GET.copy()
        following["page"] = str(page + 1)
        response["Link"] = f'<{request.path}?{following.urlencode()}>; rel="next"'
    return response


def _owns(client, complaint: Complaint) -> bool:
    return client is not None and complaint.source_client_id == client.pk


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
    """``GET requests/{id}``: public view, or in full for the client that submitted it."""
    if fmt not in FORMATS:
        return _error("json", 404, "format not supported")
    try:
        client = _reader(request)
    except ChannelAuthError:
        return _error(fmt, 403, "api_key missing or invalid")
    complaint = _requests_for_reading().filter(pk=pk).first()
    if complaint is None:
        return _error(fmt, 404, "service_request_id not found")
    row = _request_row(complaint, full=_owns(client, complaint), calendar=WorkCalendar.current())
    return _render([row], fmt, root="service_requests", item="request")
