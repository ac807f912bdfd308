"""Form helpers every app uses: the Excel upload form and Bootstrap styling."""

import re

from captcha.fields import CaptchaTextInput
from django import forms
from django.utils.translation import gettext_lazy as _

from .quarters import FIRST_YEAR, check_past_date, check_year

PLAIN_INTEGER = re.compile(r"[0-9]+", re.ASCII)
PLAIN_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?|\.[0-9]+", re.ASCII)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件。"))
        return upload


def bootstrapify(form):
    """Give a form's widgets Bootstrap's classes (form-select, form-check-input or form-control)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
            css = "form-check-input"  # a radio or checkbox drawn as a text box is a blank bar
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


class BootstrapFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class RefreshableCaptchaInput(CaptchaTextInput):
    """django-simple-captcha's input with a larger image and a “换一题” button (static/js/portal.js
    asks the captcha app for a new challenge; no inline script)."""

    template_name = "core/widgets/captcha.html"

    def __init__(self, attrs=None, **kwargs):
        attrs = {"class": "form-control", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs, **kwargs)

    def get_context(self, name, value, attrs):
        return {**super().get_context(name, value, attrs), "refresh_url": self.refresh_url()}


class ToggleChoices(forms.CheckboxSelectMultiple):
    """A few choices as a row of toggle buttons (Bootstrap ``btn-check``): several can be on,
    none means all — instead of a multi-select that needs ctrl-click."""

    template_name = "core/widgets/toggles.html"
    option_template_name = "core/widgets/toggle_option.html"
    wide = True  # the filter bar gives it a whole row


class ToggleRadio(forms.RadioSelect):
    """One of a few choices as a group of toggle buttons."""

    template_name = "core/widgets/toggles.html"
    option_template_name = "core/widgets/toggle_option.html"
    wide = True


class PickerSelect(forms.Select):
    """A ``<select>`` that Tom Select turns into a searchable picker fed by ``/pickers/<name>/``
    (:mod:`core.pickers`). Only the chosen options are rendered — with their labels looked up
    through ``visible_to`` of the user :func:`bind_pickers` gave it —, never the whole table.

    ``key`` is what the form receives: ``"code"`` (a region code, a credit code) or ``"id"``.
    ``multiple`` allows several; ``join`` then hands them to the field as one string (a field
    that always took “a,b,c”). ``create`` lets the user keep free text (a name filter).
    ``params`` narrow the search (``{"max_level": 3}``), see the picker's ``params``.
    """

    picker_class = True
    option_inherits_attrs = False

    def __init__(self, picker, *, key="code", multiple=False, join="", create=False, params=None, attrs=None):
        super().__init__(attrs)
        self.picker, self.key, self.join, self.create = picker, key, join, create
        self.allow_multiple_selected = multiple
        self.params = params or {}
        self.user = None

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        return copy

    def value_from_datadict(self, data, files, name):
        if not self.allow_multiple_selected:
            return data.get(name)
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return ",".join(v for v in values or [] if v) if self.join else values

    def format_value(self, value):
        if value is None:
            return []
        if isinstance(value, str):
            value = value.replace("，", ",").split(",") if self.join else [value]
        elif not isinstance(value, (list, tuple)):
            value = [value]
        return [str(v).strip() for v in value if v is not None and str(v).strip()]

    def optgroups(self, name, value, attrs=None):
        from . import pickers

        found = pickers.labels(self.picker, self.user, self.key, value)
        options = [] if self.allow_multiple_selected else [self.create_option(name, "", "", False, 0)]
        for index, item in enumerate(value, start=1):
            options.append(self.create_option(name, item, found.get(item, item), True, index))
        return [(None, options, 0)]

    def get_context(self, name, value, attrs):
        from urllib.parse import urlencode

        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        url = reverse("picker", args=[self.picker])
        if self.params:
            url += "?" + urlencode(self.params)
        context["widget"]["attrs"].update(
            {
                "data-picker": url,
                "data-picker-value": self.key,
                "data-placeholder": str(_("输入名称或代码搜索")),
                "data-no-results": str(_("没有匹配的结果")),
                **({"data-picker-create": "true"} if self.create else {}),
            }
        )
        return context


def bind_pickers(form, user):
    """Give the form's picker widgets the user whose scope their labels are looked up in."""
    for field in form.fields.values():
        if isinstance(field.widget, PickerSelect):
            field.widget.user = user
    return form


class YearField(forms.IntegerField):
    """A year from ``core.quarters.FIRST_YEAR`` to next year (``core.quarters.check_year``), or
    to ``last()`` when given (e.g. this year); checked when the form is, not when it is declared."""

    def __init__(self, *, last=None, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        super().__init__(**kwargs)
        self.last = last

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            check_year(value, last=self.last() if self.last else None)


class _Plain:
    """Numbers typed as people write them on a form: ASCII digits (and a decimal point where a
    decimal is asked). Python's ``int()`` and ``Decimal()`` also read "1_000", "+5", "1e3",
    "-0" and "NaN": each is an error here, never silently a number."""

    pattern = PLAIN_INTEGER

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not self.pattern.fullmatch(value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class PlainIntegerField(_Plain, forms.IntegerField):
    pattern = PLAIN_INTEGER


class PlainDecimalField(_Plain, forms.DecimalField):
    pattern = PLAIN_DECIMAL


class PastDateField(forms.DateField):
    """The day something happened: not in the future, not before ``core.quarters.FIRST_YEAR``
    (``core.quarters.check_past_date``), so that 9999-12-31 or 0001-01-01 is an error in words,
    never a date that later arithmetic overflows."""

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            check_past_date(value, label=str(self.label or _("日期")))
