"""The SMS the funds app sends, through the notifications outbox (as ``owners.messages``)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from notifications import outbox
from notifications.choices import NotificationChannel
from notifications.models import Notification
from owners.models import Ownership


def low_balance(alerts) -> int:
    """Tell the owners (with a phone) of each unit whose balance fell below the alert share."""
    by_unit = {a.unit_id: a for a in alerts}
    rows = []
    share = int(Decimal(str(settings.FUNDS_ALERT_SHARE)) * 100)
    holdings = (
        Ownership.objects.filter(unit__in=list(by_unit))
        .exclude(owner__phone="")
        .select_related("owner", "unit__building", "unit__project")
    )
    for holding in holdings:
        alert = by_unit[holding.unit_id]
        body = _(
            "【%(project)s】您的房屋 %(unit)s 的住宅专项维修资金余额为 %(balance)s 元，"
            "已不足首期交存额的 %(share)d%%，请按规定续交。详情请登录业主服务查看。"
        ) % {"project": holding.unit.project.name, "unit": holding.unit.label, "balance": alert.balance, "share": share}
        rows.append(
            outbox.build(
                channel=NotificationChannel.SMS,
                address=holding.owner.phone,
                subject=_("维修资金余额不足提醒"),
                body=body,
            )
        )
    Notification.objects.bulk_create(rows, batch_size=2000)
    if rows:
        outbox.schedule(rows[0])
    return len(rows)
