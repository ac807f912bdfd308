"""Form helpers every app uses: the Excel upload form and Bootstrap styling."""

from captcha.fields import CaptchaTextInput
from django import forms
from django.utils.translation import gettext_lazy as _


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
