"""The SMS the owners' app sends, through the notifications outbox (stored with the change that
causes it, delivered after commit with retries).

One function per message, so that a template gateway's kind and parameters (each SMS naming its
template) are added here, in one place, when the outbox takes them."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from notifications import outbox
from notifications.choices import NotificationChannel
from notifications.models import Notification


def sign_in_code(phone: str, code: str) -> None:
    outbox.create(
        channel=NotificationChannel.SMS,
        address=phone,
        subject=_("业主登录验证码"),
        body=_("您的业主登录验证码为 %(code)s，%(minutes)d 分钟内有效。如非本人操作，请忽略本短信。")
        % {"code": code, "minutes": settings.OWNER_CODE_MINUTES},
    )


def vote_notice(vote, phones: list[str]) -> int:
    """The notice of a vote to every owner with a phone (one statement); returns how many."""
    body = _("【%(project)s】业主大会表决“%(title)s”将于 %(opens)s 开始，%(closes)s 截止。详情请登录业主服务查看。") % {
        "project": vote.project.name,
        "title": vote.title,
        "opens": f"{vote.opens_at:%Y-%m-%d %H:%M}",
        "closes": f"{vote.closes_at:%Y-%m-%d %H:%M}",
    }
    rows = [
        outbox.build(
            channel=NotificationChannel.SMS, address=phone, subject=_("业主大会表决公告"), body=body, target=vote
        )
        for phone in sorted(set(phones))
    ]
    Notification.objects.bulk_create(rows, batch_size=2000)
    if rows:
        outbox.schedule(rows[0])
    return len(rows)
