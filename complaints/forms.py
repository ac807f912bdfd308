from captcha.fields import CaptchaField
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import held_photos
from core.forms import BootstrapFormMixin, RefreshableCaptchaInput
from core.photos import PhotosField, check_together
from core.text import NOTE_MAX, TEXT_MAX
from projects.models import Project

from .choices import Channel, Feedback, Outcome, Urgency
from .models import Category, Complaint
from .validation import clean_description, mobile_validator


class ComplaintForm(BootstrapFormMixin, forms.ModelForm):
    """What a resident (or an officer taking a call) fills in."""

    project = forms.ModelChoiceField(
        queryset=Project.objects.all(),
        label=_("小区/项目"),
        widget=forms.HiddenInput,
        error_messages={"required": _("请先搜索并选择小区。"), "invalid_choice": _("请先搜索并选择小区。")},
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.filter(is_active=True), label=_("问题类别"), empty_label=_("请选择问题类别")
    )
    complainant_phone = forms.CharField(
        label=_("手机号码"),
        max_length=11,
        validators=[mobile_validator],
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
    )
    photos = PhotosField(label=_("照片（最多 9 张，每张不超过 5 MB）"))

    class Meta:
        model = Complaint
        fields = ["project", "category", "description", "complainant_name", "complainant_phone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        labels = {"complainant_name": _("姓名（可不填）")}

    def clean_description(self):
        return clean_description(self.cleaned_data["description"])


class PublicComplaintForm(ComplaintForm):
    """The resident's form. Photos that passed survive a failed submission (a wrong captcha):
    the view holds them (:meth:`hold_photos`) and the form sends their token back."""

    held_photos = forms.CharField(widget=forms.HiddenInput, required=False)
    publish_consent = forms.BooleanField(
        label=_("同意在公开数据中展示问题描述（不会公开姓名、电话）"), required=False, initial=False
    )
    captcha = CaptchaField(
        label=_("验证码"), widget=RefreshableCaptchaInput, error_messages={"invalid": _("验证码错误，请重新计算。")}
    )

    class Meta(ComplaintForm.Meta):
        fields = [*ComplaintForm.Meta.fields, "publish_consent"]

    def clean_photos(self):
        """The photos held from the last attempt (but those the resident took off), checked
        again, and the ones chosen now."""
        drop = self.data.getlist("drop_held") if hasattr(self.data, "getlist") else ()
        photos = [*held_photos.restore(self.data.get("held_photos"), drop=drop), *self.cleaned_data["photos"]]
        check_together(photos)
        return photos

    def hold_photos(self) -> None:
        """After a failed submission: keep the photos that passed for the page to show and the
        next attempt to send. Photos that failed are not kept (the page says so)."""
        previous = self.data.get("held_photos")
        photos = self.cleaned_data.get("photos")
        if photos is None:  # the photos failed: keep what was held, the resident chooses again
            return
        token = held_photos.hold(photos)
        held_photos.release(previous, keep=held_photos.names(token))  # those taken off
        self.data = self.data.copy()
        self.data["held_photos"] = token
        self.data.setlist("drop_held", [])

    def held_thumbnails(self) -> list[dict]:
        return held_photos.thumbnails(self["held_photos"].value())

    def photos_lost(self) -> bool:
        """Photos were chosen and not kept: the page asks for them again."""
        return bool(self.is_bound and self.files.getlist("photos") and "photos" in self.errors)

    def release_photos(self) -> None:
        """The complaint has its copies: the held files go (once it is committed)."""
        token = self.data.get("held_photos")
        if token:
            transaction.on_commit(lambda: held_photos.release(token))


class StaffComplaintForm(ComplaintForm):
    channel = forms.ChoiceField(
        label=_("渠道"),
        choices=[(c, label) for c, label in Channel.choices if c not in (Channel.PORTAL, Channel.API)],
        initial=Channel.PHONE,
    )
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL)
    project = forms.ModelChoiceField(queryset=Project.objects.none(), label=_("小区/项目"), widget=forms.HiddenInput)

    class Meta(ComplaintForm.Meta):
        fields = [*ComplaintForm.Meta.fields, "channel", "urgency"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user)


class TrackForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=16)
    phone_last4 = forms.RegexField(
        label=_("手机号后四位"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("请输入 4 位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{4}", "autocomplete": "off"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper().replace(" ", "")


class SupplementForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label=_("补充说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTE_MAX
    )
    photos = PhotosField(label=_("补充照片"))


class FeedbackForm(BootstrapFormMixin, forms.Form):
    rating = forms.ChoiceField(label=_("您对处理结果的评价"), choices=Feedback.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTE_MAX
    )


class AnswerForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX)
    photos = PhotosField(label=_("答复照片"))


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=NOTE_MAX
    )


class CloseForm(BootstrapFormMixin, forms.Form):
    """The officer's 办结: the outcome the resident will see (rules: ``workflow.check_outcome``)."""

    outcome = forms.ChoiceField(
        label=_("办理结果"), choices=Outcome.choices, initial=Outcome.RESOLVED, widget=forms.RadioSelect
    )
    remit_body = forms.CharField(
        label=_("职责单位"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如：区市场监管局")}),
    )
    remit_contact = forms.CharField(
        label=_("联系方式"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("电话或地址")}),
    )
    note = forms.CharField(label=_("内部备注"), max_length=NOTE_MAX, required=False)


class ReopenForm(BootstrapFormMixin, forms.Form):
    """The resident's "not fixed" after closing."""

    reason = forms.CharField(
        label=_("哪里没有解决？"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请说明问题哪里没有解决。")},
    )
