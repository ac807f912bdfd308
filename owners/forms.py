"""Forms of the owners' pages (sign-in, ballots) and of the staff's roll pages."""

from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, RefreshableCaptchaInput

from . import identity, signin

DIGITS = {"inputmode": "numeric", "autocomplete": "off"}


class SignInForm(BootstrapFormMixin, forms.Form):
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=11,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
    )
    id_tail = forms.CharField(
        label=_("证件号码后六位"), min_length=6, max_length=6, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    captcha = CaptchaField(
        label=_("验证码"), widget=RefreshableCaptchaInput, error_messages={"invalid": _("验证码错误，请重新计算。")}
    )

    def clean_phone(self):
        return identity.check_mobile(self.cleaned_data["phone"])

    def clean_id_tail(self):
        return signin.check_id_tail(self.cleaned_data["id_tail"])


class CodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("短信验证码"),
        min_length=signin.CODE_DIGITS,
        max_length=signin.CODE_DIGITS,
        widget=forms.TextInput(attrs={**DIGITS, "autocomplete": "one-time-code"}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not (code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("请输入短信中的 6 位数字。"))
        return code


class ReceiptForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("回执码"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
