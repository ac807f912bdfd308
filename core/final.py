"""Final records: what has been published (a scoring scheme, a quarter's scores, a red and black
list, a star rating, a selected honour, a weekly bulletin) is never changed or deleted; a
correction is a new record that supersedes it.

The rule holds at three levels:

- the database: the trigger functions of core migration 0010, attached to each table by its
  app's migration, refuse DELETE and any UPDATE of a final row but of the columns a later
  workflow legitimately changes (a list's move to superseded, a star lowered by a later black
  list), and any INSERT, UPDATE or DELETE of rows under a final parent (a published run's scores,
  a published list's entries). Their error is a ``restrict_violation`` with the hint
  ``portal_final_record``;
- the ORM: models with :class:`FinalRecord` raise :class:`FinalRecordError` (an
  :class:`~core.errors.InvalidState`, so pages show its message and the API answers 409) from
  ``save()`` and ``delete()`` on a final row, before the database is asked;
- the admin: :class:`core.admin.FinalRecordAdmin` shows final rows read-only.

:class:`FinalRecordMiddleware` turns the database's refusal, should a request reach it (a race,
a queryset update), into 409 with the message rather than a server error.
"""

from __future__ import annotations

from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .errors import InvalidState

HINT = "portal_final_record"  # the trigger functions' hint: tells their refusal from others


class FinalRecordError(InvalidState):
    """A final (published) record cannot be changed or deleted."""


class FinalRecord:
    """A model mixin (before ``models.Model``) for rows that become final.

    ``final_states``: the statuses in which a row is final (its own ``status`` field). Rows final
    with their parent instead name the foreign key in ``final_parent`` (a score: ``"run"``).
    ``final_may_change``: fields a final row may still save with ``update_fields``; the database
    trigger allows the same ones and no others."""

    final_states: tuple[str, ...] = ()
    final_parent: str | None = None
    final_may_change: tuple[str, ...] = ()

    def is_final(self) -> bool:
        """Whether the row, as stored (not as edited in memory), is final; for a row under a
        parent, whether the parent is."""
        if self.final_parent:
            field = self._meta.get_field(self.final_parent)
            parent_id = getattr(self, field.attname)
            if parent_id is None:
                return False
            parent = field.related_model._base_manager.filter(pk=parent_id).first()
            return parent is not None and parent.is_final()
        if self.pk is None or self._state.adding:
            return False
        return type(self)._base_manager.filter(pk=self.pk, status__in=self.final_states).exists()

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        allowed = update_fields is not None and set(update_fields) <= set(self.final_may_change)
        if not allowed and self.is_final():
            raise FinalRecordError(self.final_refusal())
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_final():
            raise FinalRecordError(self.final_refusal())
        return super().delete(*args, **kwargs)

    def final_refusal(self) -> str:
        label = self._meta.verbose_name
        if self.final_parent:
            parent = self._meta.get_field(self.final_parent).related_model._meta.verbose_name
            return _("%(parent)s已公布，其%(label)s不能增加、修改或删除。") % {"parent": parent, "label": label}
        return _("%(label)s已公布或定稿，不能修改或删除。") % {"label": label}


def is_final_violation(error: BaseException) -> bool:
    """Whether a database error is a final-record trigger's refusal."""
    cause = getattr(error, "__cause__", None)
    diag = getattr(cause, "diag", None)
    return isinstance(error, DatabaseError) and getattr(diag, "message_hint", None) == HINT


def violation_message(error: BaseException) -> str:
    """The trigger's own message (it names the table and the row)."""
    return error.__cause__.diag.message_primary


class FinalRecordMiddleware:
    """A final-record refusal by the database reaching a view answers 409 with its message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception) -> HttpResponse | None:
        if not is_final_violation(exception):
            return None
        message = violation_message(exception)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "final_record"}, status=409)
        return TemplateResponse(
            request, "core/refused.html", {"title": _("已定稿的记录不能修改"), "message": message}, status=409
        )
