"""Refusals shown as page messages: a rule said no, the page says why and redirects.

``with refusals(request): do_it()`` turns a ``ValidationError`` (``InvalidState`` included) and a
``StepRefused`` (the workflow names someone else, such as a second officer) into one error
message. A plain ``PermissionDenied`` still propagates — a 403 — unless the view passes
``denied=True`` because the page explains that refusal too; ``only=`` names the exceptions to
catch instead (``only=ValidationError``: a ``StepRefused`` propagates as well); ``about=`` names
what the refusal concerns, before its reason (one row of a bulk action). Where the page shows the
refusal elsewhere, ``form=`` puts it among a bound form's errors (the form is shown again) and
``show=False`` only keeps it, in ``.error`` and ``.text`` (an htmx fragment shows it in place)::

    with refusals(request) as outcome:
        lists.publish(edition, actor=request.user)
    if outcome.error:
        return redirect(...)
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from .permissions import StepRefused
from .punctuation import colon, join_clauses


def refusal_text(error) -> str:
    """The messages of a ``ValidationError`` joined with “；” (each but the last without its own
    full stop, so the text never reads “。；”); any other exception's text."""
    texts = [str(text) for text in getattr(error, "messages", None) or [error]]
    return join_clauses([text.rstrip("。.；;") for text in texts[:-1]] + texts[-1:])


def refuse(request, error, about: str = "") -> None:
    """Put ``error``'s text among the page's error messages (after ``about`` and “：”, if given)."""
    text = refusal_text(error)
    messages.error(request, f"{about}{colon()}{text}" if about else text)


def form_messages(form) -> str:
    """Every error of a bound form, field and non-field, joined with “；” (no labels)."""
    return join_clauses(str(e) for errors in form.errors.values() for e in errors)


class refusals:  # noqa: N801 - reads as a context manager: ``with refusals(request):``
    """Catch the refusals a page shows as a message; ``.error`` holds the one caught."""

    def __init__(self, request, *, denied=False, only=None, about: str = "", form=None, show: bool = True):
        self.request, self.about, self.form, self.show = request, about, form, show
        self.kinds = only or (ValidationError, PermissionDenied if denied else StepRefused)
        self.error = None

    @property
    def text(self) -> str:
        """The refusal's text; "" when nothing was refused."""
        return "" if self.error is None else refusal_text(self.error)

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is None or not isinstance(error, self.kinds):
            return False
        self.error = error
        if self.form is not None:
            self.form.add_error(None, refusal_text(error))
        elif self.show:
            refuse(self.request, error, self.about)
        return True
