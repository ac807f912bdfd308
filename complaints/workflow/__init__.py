"""The life of a complaint: every transition is one function of this package.

Each checks the actor's role and scope, locks the row (``select_for_update``), checks the
current status, writes the change and an event in one transaction, and queues notifications
after commit. Two officers acting at once: the second finds the status changed and gets a
clear :class:`WorkflowError`, never a lost update.

    submitted → accepted | rejected | merged
    accepted | reopened → assigned → signed → in_progress → answered
    answered → closed (satisfied, officer, or no feedback in time) | reopened (unsatisfied)
    answered → in_progress (sent back by an officer)
    closed → reopened (the resident: not fixed, within REOPEN_WINDOW_DAYS of closing)

Events store codes and names in ``params`` (shown through the kind's text, in the reader's
language) and people's own words in ``note`` / ``public_note``; fixed actor labels are stored
untranslated (``gettext_noop``) and translated when shown.

Where each lives: ``intake`` (submit, accept, reject, merge, the phone reveal), ``routing``
(the department of a category, assign), ``handling`` (sign, start, answer; send back, close,
substantiated), ``residents`` (rating, reopening, supplements), ``base`` (errors, lock, events).
Callers use the package: ``workflow.accept(complaint, actor=…)``.
"""

from .base import RESIDENT, SYSTEM, WorkflowError, WrongStatus
from .handling import answer, check_outcome, close, send_back, set_substantiated, sign, start
from .intake import accept, merge, reject, reveal_phone, submit
from .residents import (
    REOPEN_WINDOW_DAYS,
    can_reopen,
    rate_by_link,
    record_feedback,
    reopen,
    reopen_deadline,
    resend_feedback_link,
    supplement,
)
from .routing import accept_and_assign, assign, route_department

__all__ = [
    "REOPEN_WINDOW_DAYS",
    "RESIDENT",
    "SYSTEM",
    "WorkflowError",
    "WrongStatus",
    "accept",
    "accept_and_assign",
    "answer",
    "assign",
    "can_reopen",
    "check_outcome",
    "close",
    "merge",
    "rate_by_link",
    "record_feedback",
    "reject",
    "reopen",
    "reopen_deadline",
    "resend_feedback_link",
    "reveal_phone",
    "route_department",
    "send_back",
    "set_substantiated",
    "sign",
    "start",
    "submit",
    "supplement",
]
