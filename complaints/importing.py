"""Complaint export columns and the import of work orders exported from the 12345 system.

An import is all-or-nothing and idempotent on the 12345 ticket number: a ticket already in the
portal is left as it is and counted as unchanged.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.audit import record
from core.choices import AuditAction, choice_label
from core.permissions import require
from core.text import join_messages
from core.xlsx import Column, ImportRejected, RowError, parse_choice, read_rows
from projects.models import Project

from . import refcache, workflow
from .choices import AssigneeKind, Channel, Feedback, Status, Urgency
from .external_limits import ticket_error
from .models import Complaint
from .validation import clean_description, mobile_validator

COMPLAINT_COLUMNS = [
    Column(gettext_lazy("工单号"), "work_order_no"),
    Column(gettext_lazy("外部工单号"), "external_id"),
    Column(gettext_lazy("渠道"), "channel", lambda c: choice_label(Channel, c.channel)),
    Column(gettext_lazy("提交时间"), "created"),
    Column(gettext_lazy("项目编号"), "project_code", lambda c: c.project.code),
    Column(gettext_lazy("项目名称"), "project_name", lambda c: c.project.name),
    Column(gettext_lazy("所属区域"), "region_name", lambda c: c.region.name),
    Column(gettext_lazy("类别"), "category", lambda c: c.category.label),
    Column(gettext_lazy("问题描述"), "description"),
    Column(gettext_lazy("紧急程度"), "urgency", lambda c: choice_label(Urgency, c.urgency)),
    Column(gettext_lazy("状态"), "status", lambda c: choice_label(Status, c.status)),
    Column(gettext_lazy("承办类型"), "assignee_kind", lambda c: choice_label(AssigneeKind, c.assignee_kind)),
    Column(gettext_lazy("承办单位"), "assignee", lambda c: c.assignee_label or None),
    Column(gettext_lazy("办理时限"), "due_at"),
    Column(gettext_lazy("超期"), "is_overdue", lambda c: _("是") if c.is_overdue else _("否")),
    Column(gettext_lazy("答复时间"), "answered_at"),
    Column(gettext_lazy("评价"), "feedback", lambda c: choice_label(Feedback, c.feedback)),
    Column(gettext_lazy("属实"), "substantiated", lambda c: {True: _("属实"), False: _("不属实")}.get(c.substantiated)),
    Column(gettext_lazy("联系电话"), "phone", lambda c: c.masked_phone),
]

HOTLINE_COLUMNS = [
    Column(gettext_lazy("工单编号"), "ticket", required=True),
    Column(gettext_lazy("来电时间"), "received"),
    Column(gettext_lazy("来电人"), "name"),
    Column(gettext_lazy("联系电话"), "phone", required=True),
    Column(gettext_lazy("项目编号"), "project_code", required=True),
    Column(gettext_lazy("诉求类别"), "category", required=True),
    Column(gettext_lazy("诉求内容"), "description", required=True),
    Column(gettext_lazy("紧急程度"), "urgency"),
]


def import_hotline_orders(upload, *, user, request=None) -> dict:
    """Create complaints from a 12345 export; returns ``{"created": n, "updated": 0, "unchanged": m}``."""

    require(user, "complaints.import_hotline_orders")
    rows = read_rows(upload, HOTLINE_COLUMNS)
    tickets = {str(r["ticket"]).strip() for _n, r in rows if r.get("ticket")}
    known = set(
        Complaint.objects.filter(channel=Channel.HOTLINE_12345, external_id__in=tickets).values_list(
            "external_id", flat=True
        )
    )
    projects = {
        p.code: p
        for p in Project.objects.visible_to(user)
        .select_related("region")
        .filter(code__in={str(r["project_code"]) for _n, r in rows if r.get("project_code")})
    }
    categories = refcache.categories.get()  # active categories by code and by name
    errors, seen, todo = [], set(), []
    for number, raw in rows:
        ticket = str(raw.get("ticket") or "").strip()
        problems = [ticket_error(ticket)] if ticket_error(ticket) else []
        if ticket in seen:
            problems.append(_("工单编号 %(t)s 在文件中重复。") % {"t": ticket})
        seen.add(ticket)
        phone = str(raw.get("phone") or "").strip()
        try:
            mobile_validator(phone)
        except Exception:
            problems.append(_("联系电话 %(p)s 不是有效的手机号码。") % {"p": phone or "—"})
        project = projects.get(str(raw.get("project_code") or ""))
        if project is None:
            problems.append(_("项目编号 %(c)s 不存在或不在您的辖区内。") % {"c": raw.get("project_code") or "—"})
        category = categories.get(str(raw.get("category") or "").strip())
        if category is None:
            problems.append(_("诉求类别“%(c)s”不存在。") % {"c": raw.get("category") or "—"})
        try:
            description = clean_description(raw.get("description"))
        except ValidationError as error:
            problems.extend(error.messages)
        urgency = parse_choice(Urgency, raw.get("urgency"), default=Urgency.NORMAL)
        if urgency not in Urgency.values:
            problems.append(_("紧急程度应为“一般”或“紧急”。"))
        if problems:
            errors.append(RowError(number, join_messages(problems)))
        elif ticket not in known:
            todo.append(
                Complaint(
                    channel=Channel.HOTLINE_12345,
                    external_id=ticket,
                    project=project,
                    category=category,
                    description=description,
                    urgency=urgency,
                    complainant_name=str(raw.get("name") or "")[:50],
                    complainant_phone=phone,
                )
            )
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        for complaint in todo:
            workflow.submit(complaint, actor=user, actor_label=gettext_noop("12345 热线导入"))
        result = {"created": len(todo), "updated": 0, "unchanged": len(rows) - len(todo)}
        record(AuditAction.IMPORT, request=request, actor=user, object_repr="12345 work orders", **result)
    return result
