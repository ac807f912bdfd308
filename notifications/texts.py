"""What an in-portal message says, by kind. A message stores its kind and parameters (work order
numbers, project names, counts, dates, and the words a person wrote, under ``note``), and is read
in the reader's language when shown, as the activity logs are (``core.models.Event``): an officer
reading in English sees English however the page that caused the message was set."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .choices import InboxKind

# kind → (subject, body). The body is the person's own words (``note``) when they wrote some,
# else the kind's body with the parameters (none: empty).
INBOX_TEXTS = {
    InboxKind.WORK_ORDER_ASSIGNED: (_("新派工单 %(no)s"), _("%(project)s：%(text)s")),
    InboxKind.WORK_ORDER_SENT_BACK: (_("工单 %(no)s 被退回重办"), None),
    InboxKind.WORK_ORDER_UNSATISFIED: (_("工单 %(no)s 居民不满意，已重新办理"), _("不满意")),
    InboxKind.WORK_ORDER_REOPENED: (_("工单 %(no)s 办结后居民反映问题未解决，已重新办理"), None),
    InboxKind.WORK_ORDER_OVERDUE: (_("超期督办：%(no)s"), _("%(project)s 的投诉已超期，请督促办理。")),
    InboxKind.SELF_REPORTS_DUE: (_("自查自评即将到期"), _("%(n)d 个项目的季度自查自评将于 %(d)s 前到期。")),
    InboxKind.CHANGE_APPROVED: (_("企业信息变更申请已通过"), _("变更已生效。")),
    InboxKind.CHANGE_REJECTED: (_("企业信息变更申请被驳回"), None),
}


def render(kind: str, params: dict) -> tuple[str, str]:
    """The subject and body of an inbox message of ``kind`` in the active language."""
    subject, body = INBOX_TEXTS[kind]
    note = params.get("note") or ""
    return str(subject) % params, note or (str(body) % params if body is not None else "")


def stored(kind: str, params: dict) -> tuple[str, str]:
    """The text stored with the message: in the portal's language, for e-mail, the admin and
    search."""
    with translation.override(settings.LANGUAGE_CODE):
        return render(kind, params)


def message_texts(notification) -> tuple[str, str]:
    """A message's subject and body in the reader's language; a message without a known kind,
    or whose parameters no longer fit its text, reads as stored."""
    if notification.kind in INBOX_TEXTS:
        try:
            return render(notification.kind, notification.params or {})
        except (KeyError, TypeError, ValueError):
            pass
    return notification.subject, notification.body
