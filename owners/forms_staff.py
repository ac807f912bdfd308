"""Forms of the staff's pages: drafting and running a vote, paper ballots, roll corrections."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.attachments import AttachmentsField
from core.forms import BootstrapFormMixin, PastDateField, PlainDecimalField, ToggleRadio, bootstrapify
from core.text import NOTE_MAX

from .choices import Choice, MatterKind, Organiser
from .importing import no_formula

MATTER_SLOTS = 5
LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _reason(label):
    return forms.CharField(
        label=label, max_length=NOTE_MAX, validators=[no_formula], widget=forms.Textarea(attrs={"rows": 2})
    )


class DraftForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("表决名称"), max_length=120, validators=[no_formula])
    organiser = forms.ChoiceField(label=_("组织者"), choices=Organiser.choices)
    description = forms.CharField(
        label=_("说明"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [("", _("（不填）")), *MatterKind.choices]
        for n in range(1, MATTER_SLOTS + 1):
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=_("事项 %(n)d 类别") % {"n": n}, choices=kinds, required=n == 1
            )
            self.fields[f"matter_{n}"] = forms.CharField(
                label=_("事项 %(n)d 内容") % {"n": n}, max_length=200, required=n == 1, validators=[no_formula]
            )
        bootstrapify(self)

    def matters(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data[f"kind_{n}"], data[f"matter_{n}"])
            for n in range(1, MATTER_SLOTS + 1)
            if data.get(f"kind_{n}") or data.get(f"matter_{n}")
        ]


class NoticeForm(BootstrapFormMixin, forms.Form):
    opens_at = forms.DateTimeField(label=_("投票开始"), widget=LOCAL_DATETIME)
    closes_at = forms.DateTimeField(label=_("投票截止"), widget=LOCAL_DATETIME)


class ExtendForm(BootstrapFormMixin, forms.Form):
    until = forms.DateTimeField(label=_("延长至"), widget=LOCAL_DATETIME)
    reason = _reason(_("理由"))


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = _reason(_("理由"))


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = _reason(_("答复"))


def choice_fields(form, matters) -> None:
    """One radio field per matter, ``matter_<id>``: 同意, 反对, 弃权 as a row of buttons (Bootstrap's
    plain radios, without their ``form-check`` wrappers, floated onto each other)."""
    for matter in matters:
        form.fields[f"matter_{matter.pk}"] = forms.ChoiceField(
            label=f"{matter.position}. {matter.title}", choices=Choice.choices, widget=ToggleRadio
        )


def chosen(form, matters) -> dict[int, str]:
    return {m.pk: form.cleaned_data[f"matter_{m.pk}"] for m in matters}


class PaperBallotForm(BootstrapFormMixin, forms.Form):
    unit = forms.CharField(label=_("房号（楼栋单元房号，如 1号楼1单元101）"), max_length=90)
    received_on = forms.DateField(label=_("收到日期"), widget=forms.DateInput(attrs={"type": "date"}))
    scan = AttachmentsField(label=_("选票扫描件（JPG、PNG 或 PDF）"), required=True)

    def __init__(self, *args, matters=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_fields(self, matters)
        bootstrapify(self)

    def clean_scan(self):
        scans = self.cleaned_data["scan"]
        if len(scans) != 1:
            raise forms.ValidationError(_("请上传一份选票扫描件。"))
        return scans[0]


class UnitCorrectionForm(BootstrapFormMixin, forms.Form):
    area = PlainDecimalField(
        label=_("专有部分面积（m²）"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("99999.99"),
    )
    delivered = forms.BooleanField(label=_("已交付"), required=False)
    delivered_on = PastDateField(label=_("交付日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = _reason(_("更正理由"))


class OwnerCorrectionForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名或名称"), max_length=100, validators=[no_formula])
    phone = forms.CharField(label=_("新手机号码（不改则留空）"), max_length=11, required=False)
    reason = _reason(_("更正理由"))


class ObjectionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label=_("异议内容"), max_length=NOTE_MAX, validators=[no_formula], widget=forms.Textarea(attrs={"rows": 4})
    )


class OwnerBallotForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, matters=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_fields(self, matters)
        bootstrapify(self)
