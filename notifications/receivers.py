"""Messages for events of lower layers that cannot notify by themselves (connected in ready)."""

from django.dispatch import receiver

from enterprises.choices import ChangeRequestStatus
from enterprises.signals import change_request_decided

from . import outbox
from .choices import InboxKind


@receiver(change_request_decided)
def tell_the_requester(sender, change, **kwargs):
    """The enterprise clerk who asked learns the decision in the inbox."""
    if change.requested_by_id is None:
        return
    approved = change.status == ChangeRequestStatus.APPROVED
    kind = InboxKind.CHANGE_APPROVED if approved else InboxKind.CHANGE_REJECTED
    outbox.tell([change.requested_by], kind, target=change, note=change.review_note)
