"""Messages for events of lower layers that cannot notify by themselves (connected in ready)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from enterprises.choices import ChangeRequestStatus
from enterprises.signals import change_request_decided

from . import outbox
from .choices import NotificationChannel


@receiver(change_request_decided)
def tell_the_requester(sender, change, **kwargs):
    """The enterprise clerk who asked learns the decision in the inbox."""
    if change.requested_by_id is None:
        return
    approved = change.status == ChangeRequestStatus.APPROVED
    subject = _("企业信息变更申请已通过") if approved else _("企业信息变更申请被驳回")
    body = change.review_note or (_("变更已生效。") if approved else "")
    outbox.create(
        channel=NotificationChannel.INBOX, recipient=change.requested_by, subject=subject, body=body, target=change
    )
