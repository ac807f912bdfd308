"""Numbers and ids from forms, filters and the API in ASCII digits only (issue 22, attempt 10).

Django's ``IntegerField``, ``DecimalField``, ``FloatField`` and ``ModelChoiceField``, and DRF's
``IntegerField``, ``DecimalField``, ``FloatField`` and ``PrimaryKeyRelatedField``, end in
Python's ``int()``, ``float()`` or ``Decimal()`` (directly or through the database adapter),
which read “٣”, “５” and “１２３” as 3, 5 and 123. No page, link or client of the portal sends
such digits: one typed by mistake or by a fuzzer must be an error, never silently a number.

The rule sits in one place rather than in a subclass per form: ModelForms, django-filter's
generated filters, DRF's ``ModelSerializer`` fields and the admin build their fields from these
classes, so ``install()`` (called once from ``CoreConfig.ready``) puts the check in front of
each class's own conversion. Text that is all ASCII goes on to the class unchanged, with its
own messages for letters, ranges and missing rows; ``core.text.as_int`` is the same rule for
views reading a URL or query parameter themselves.
"""

from __future__ import annotations

import functools

from django import forms
from django.core.exceptions import ValidationError
from rest_framework import fields as api_fields
from rest_framework import relations as api_relations

_installed = False


def is_foreign_text(value) -> bool:
    """A string with any character beyond ASCII: never a number or an id of the portal."""
    return isinstance(value, str) and not value.isascii()


def _guard(cls, method: str, refuse) -> None:
    convert = getattr(cls, method)

    @functools.wraps(convert)
    def ascii_only(self, value, *args, **kwargs):
        if is_foreign_text(value) or (isinstance(value, (list, tuple)) and any(map(is_foreign_text, value))):
            refuse(self, value)
        return convert(self, value, *args, **kwargs)

    setattr(cls, method, ascii_only)


def _form_invalid(field, value):
    raise ValidationError(field.error_messages["invalid"], code="invalid")


def _choice_invalid(field, value):
    raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


def _multiple_invalid(field, value):
    bad = next(v for v in value if is_foreign_text(v))
    raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice", params={"value": bad})


def _api_invalid(field, value):
    field.fail("invalid")


def _api_missing(field, value):
    field.fail("does_not_exist", pk_value=value)


def install() -> None:
    """Refuse non-ASCII text in every number and id field of forms, filters and the API."""
    global _installed
    if _installed:
        return
    _installed = True
    for cls in (forms.IntegerField, forms.DecimalField, forms.FloatField):
        _guard(cls, "to_python", _form_invalid)
    _guard(forms.ModelChoiceField, "to_python", _choice_invalid)
    _guard(forms.ModelMultipleChoiceField, "_check_values", _multiple_invalid)
    for cls in (api_fields.IntegerField, api_fields.DecimalField, api_fields.FloatField):
        _guard(cls, "to_internal_value", _api_invalid)
    _guard(api_relations.PrimaryKeyRelatedField, "to_internal_value", _api_missing)
