"""The SMS the owners' app sends, through the notifications outbox (stored with the change that
causes it, delivered after commit with retries).

Each SMS names its kind and parameters (``notifications.choices.SMS_PARAMETERS``): a template
gateway sends the kind's approved template (``SMS_TEMPLATES``) with them, the free-text backends
the body rendered from the same values."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import outbox
from notifications.choices import NotificationChannel, SmsKind
from notifications.models import Notification


def sign_in_code(phone: str, code: str) -> None:
    params = {"code": code, "minutes": str(settings.OWNER_CODE_MINUTES)}
    outbox.create(
        channel=NotificationChannel.SMS,
        address=phone,
        subject=_("业主登录验证码"),
        body=_("您的业主登录验证码为 %(code)s，%(minutes)s 分钟内有效。如非本人操作，请忽略本短信。") % params,
        kind=SmsKind.OWNER_SIGN_IN_CODE,
        params=params,
    )


def vote_notice(vote, phones: list[str]) -> int:
    """The notice of a vote to every owner with a phone (one statement); returns how many."""
    params = {
        "project": vote.project.name,
        "title": vote.title,
        "opens": f"{timezone.localtime(vote.opens_at):%Y-%m-%d %H:%M}",
        "closes": f"{timezone.localtime(vote.closes_at):%Y-%m-%d %H:%M}",
    }
    body = (
        _("【%(project)s】业主大会表决“%(title)s”将于 %(opens)s 开始，%(closes)s 截止。详情请登录业主服务查看。")
        % params
    )
    rows = [
        outbox.build(
            channel=NotificationChannel.SMS,
            address=phone,
            subject=_("业主大会表决公告"),
            body=body,
            target=vote,
            kind=SmsKind.VOTE_NOTICE,
            params=params,
        )
        for phone in sorted(set(phones))
    ]
    Notification.objects.bulk_create(rows, batch_size=2000)
    if rows:
        outbox.schedule(rows[0])
    return len(rows)
