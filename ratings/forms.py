from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, bootstrapify
from core.photos import PhotosField
from core.quarters import Quarter

from .choices import Component, ListSubject


def recent_quarters(count: int = 8) -> list[tuple[str, str]]:
    quarter, choices = Quarter.last_closed(), []
    for _i in range(count):
        choices.append((str(quarter), str(quarter)))
        quarter = quarter.previous()
    return choices


class StartForm(BootstrapFormMixin, forms.Form):
    """The recent quarters that may still be computed (a published one is final)."""

    quarter = forms.ChoiceField(label=_("季度"), choices=recent_quarters)

    def __init__(self, *args, published=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["quarter"]
        field.choices = [(value, label) for value, label in field.choices if value not in published]


FACTOR = {"min_value": 0, "max_value": 1, "decimal_places": 2}
POINTS = {"min_value": 0, "max_value": 100, "decimal_places": 1}


class SchemeForm(BootstrapFormMixin, forms.Form):
    """The draft scheme's weights and parameters, one field each."""

    name = forms.CharField(label=_("名称"), max_length=100)
    effective = forms.CharField(label=_("生效季度（如 2027Q1）"), max_length=7)
    self_report_factor = forms.DecimalField(label=_("无检查时自评折算系数"), **FACTOR)
    complaint_penalty = forms.DecimalField(label=_("每百户一件有效投诉扣分"), **POINTS)
    basically_satisfied_factor = forms.DecimalField(label=_("基本满意折算系数"), **FACTOR)
    summons_penalty = forms.DecimalField(label=_("每次约谈扣分"), **POINTS)
    summons_penalty_cap = forms.DecimalField(label=_("约谈扣分上限"), **POINTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in Component.choices:
            self.fields[f"weight_{key}"] = forms.IntegerField(
                label=_("权重：%(c)s（%%）") % {"c": label}, min_value=0, max_value=100
            )
        self.order_fields(["name", "effective", *[f"weight_{k}" for k in Component.values]])
        bootstrapify(self)  # the weight fields are added after the mixin styled the others

    def clean_effective(self):
        try:
            return Quarter.parse(self.cleaned_data["effective"])
        except ValueError:
            raise forms.ValidationError(_("请按“2027Q1”的格式填写季度。")) from None

    def clean(self):
        data = super().clean()
        weights = [data.get(f"weight_{k}") for k in Component.values]
        if all(w is not None for w in weights) and sum(weights) != 100:
            raise forms.ValidationError(_("各项权重合计应为 100%%，现为 %(n)d%%。") % {"n": sum(weights)})
        return data


class StreetEvaluationForm(forms.Form):
    score = forms.DecimalField(label=_("评分"), min_value=0, max_value=100, decimal_places=1)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class ListGenerateForm(BootstrapFormMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("辖区"), queryset=None, empty_label=None)
    subject = forms.ChoiceField(label=_("对象"), choices=ListSubject.choices)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class PenaltyForm(BootstrapFormMixin, forms.Form):
    points = forms.DecimalField(label=_("扣分（负数）"), min_value=-100, max_value=-0.1, decimal_places=1)
    occurred_on = forms.DateField(label=_("处罚日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("事由与文号"), max_length=200)


class StarApplyForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    level = forms.TypedChoiceField(label=_("申请星级"), coerce=int, choices=[(n, "★" * n) for n in range(5, 0, -1)])


class StarReviewForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("审核意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObjectionForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("异议理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("照片"))


class ObjectionDecisionForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("处理意见"), max_length=2000)
    adjustment = forms.DecimalField(
        label=_("调整分值"), required=False, min_value=-100, max_value=100, decimal_places=1,
        help_text=_("异议成立时可填写，计入企业季度得分"),
    )  # fmt: skip
