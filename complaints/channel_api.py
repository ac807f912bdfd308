"""12345 hotline push API: the hotline system pushes work orders and reads results back.

    POST /api/channel/tickets/            {"ticket_no", "project_code" | "address", "category",
                                           "content", "caller_phone", "caller_name", "urgency"}
        201 {"id", "tracking_code", "ticket_no", "created": true}   new work order
        200 {... "created": false}                                  same ticket pushed again
        400 {"errors": {field: [message, …]}}                       nothing saved
        401 {"error": "…"}                                          bad key or signature
    GET  /api/channel/tickets/<ticket_no>/  status and answer

Authentication: HMAC signature or API key (complaints.channel_auth).
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.choices import choice_label
from core.jsonsafe import JSONRejected, loads

from .channel_auth import ChannelAuthError, authenticate
from .choices import Status
from .external_limits import CheckedExternalComplaintForm, ticket_error
from .intake import existing, receive
from .models import Complaint

FIELD_MAP = {
    "project_code": "project_code",
    "project_id": "project_id",
    "address": "address",
    "category": "category",
    "content": "description",
    "caller_phone": "phone",
    "caller_name": "name",
    "urgency": "urgency",
}


def _unauthorised(error):
    return JsonResponse({"error": str(error)}, status=401)


def _body(complaint: Complaint, created: bool | None = None) -> dict:
    body = {
        "id": complaint.pk,
        "tracking_code": complaint.tracking_code,
        "ticket_no": complaint.external_id,
        "status": complaint.status,
        "status_label": choice_label(Status, complaint.status),
        "assignee": complaint.assignee_label or None,
        "due_at": complaint.due_at.isoformat() if complaint.due_at else None,
        "answer": complaint.answer or None,
        "answered_at": complaint.answered_at.isoformat() if complaint.answered_at else None,
        "closed_at": complaint.closed_at.isoformat() if complaint.closed_at else None,
        "feedback": complaint.feedback or None,
    }
    if created is not None:
        body["created"] = created
    return body


@csrf_exempt
@require_POST
def push_ticket(request):
    try:
        client = authenticate(request)
    except ChannelAuthError as error:
        return _unauthorised(error)
    try:
        payload = loads(request.body or b"{}")
    except JSONRejected as error:
        return JsonResponse({"errors": {"body": [str(error)]}}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"errors": {"body": [_("请求体必须是 JSON 对象。")]}}, status=400)
    ticket = str(payload.get("ticket_no") or "").strip()
    problem = _("缺少工单编号 ticket_no。") if not ticket else ticket_error(ticket)
    if problem:
        return JsonResponse({"errors": {"ticket_no": [problem]}}, status=400)
    form = CheckedExternalComplaintForm({ours: payload.get(theirs) for theirs, ours in FIELD_MAP.items()})
    if not form.is_valid():
        found = existing(client.channel, ticket)  # a re-push of a stored ticket is never an error
        if found is not None:
            return JsonResponse(_body(found, created=False), status=200)
        return JsonResponse({"errors": form.errors.get_json_data(escape_html=False)}, status=400)
    # Insert first: the unique (channel, ticket) index decides, so the usual case costs no look-up.
    complaint, created = receive(
        form.cleaned_data, client=client, channel=client.channel, external_id=ticket, checked=True
    )
    return JsonResponse(_body(complaint, created=created), status=201 if created else 200)


@csrf_exempt
@require_GET
def ticket_status(request, ticket_no):
    try:
        client = authenticate(request)
    except ChannelAuthError as error:
        return _unauthorised(error)
    complaint = (
        Complaint.objects.select_related("assignee_enterprise", "assignee_region", "assignee_department")
        .filter(channel=client.channel, external_id=ticket_no)
        .first()
    )
    if complaint is None:
        return JsonResponse({"error": "ticket not found"}, status=404)
    return JsonResponse(_body(complaint))
