"""Forms of the funds pages: money in ASCII digits to the cent within the columns' range, text
within its column, uploads checked by content (``core.attachments``)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.attachments import AttachmentsField
from core.forms import BootstrapFormMixin, PastDateField, PlainDecimalField, PlainIntegerField
from core.text import NOTE_MAX, looks_like_formula
from owners.choices import VoteStatus
from owners.models import Owner, Unit, Vote
from regions.models import Region

from .choices import Emergency, Proposer

MAX_AMOUNT = Decimal("999999999.99")


def money(label, *, minimum=Decimal("0"), **kwargs):
    return PlainDecimalField(
        label=label, max_digits=12, decimal_places=2, min_value=minimum, max_value=MAX_AMOUNT, **kwargs
    )


class NoFormulas:
    """Text shown on public pages and exported: no ``=cmd|…`` that a spreadsheet would run."""

    formula_free = ()

    def clean(self):
        data = super().clean()
        for name in self.formula_free:
            if looks_like_formula(data.get(name) or ""):
                self.add_error(name, _("不能以 =、+、-、@ 开头。"))
        return data


class ProposeForm(NoFormulas, BootstrapFormMixin, forms.Form):
    formula_free = ("title", "items")

    proposer = forms.ChoiceField(label=_("提出方"), choices=Proposer.choices)
    emergency = forms.ChoiceField(
        label=_("应急情形"),
        choices=[("", _("非应急（须经业主大会表决）")), *Emergency.choices],
        required=False,
    )
    title = forms.CharField(label=_("维修项目"), max_length=120)
    items = forms.CharField(label=_("维修内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    budget = money(_("预算（元）"), minimum=Decimal("0.01"))
    units = forms.ModelMultipleChoiceField(
        label=_("涉及房屋"), queryset=Unit.objects.none(), widget=forms.SelectMultiple(attrs={"size": 10})
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(project=project).select_related("building")
        self.fields["units"].label_from_instance = lambda u: f"{u.label} ({u.area} m²)"


class VoteLinkForm(BootstrapFormMixin, forms.Form):
    vote = forms.ModelChoiceField(label=_("业主大会表决"), queryset=Vote.objects.none())

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vote"].queryset = Vote.objects.filter(
            project=project, status__in=[VoteStatus.ANNOUNCED, VoteStatus.ARCHIVED]
        )


class ReviewForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("审核结论"), choices=[("approve", _("批准")), ("reject", _("不予批准"))])
    note = forms.CharField(
        label=_("审核意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CompleteForm(BootstrapFormMixin, forms.Form):
    cost = money(_("决算金额（元）"), minimum=Decimal("0.01"))
    completed_on = PastDateField(label=_("竣工日期"), widget=forms.DateInput(attrs={"type": "date"}))
    invoices = AttachmentsField(label=_("发票"), required=True)
    photos = AttachmentsField(label=_("竣工照片"), required=True)


class ReasonForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class InterestForm(BootstrapFormMixin, forms.Form):
    year = PlainIntegerField(label=_("计息年度"), min_value=2000, max_value=2100)
    interest = money(_("年度利息（元）"), minimum=Decimal("0.01"))


class RevenueForm(NoFormulas, BootstrapFormMixin, forms.Form):
    formula_free = ("other_note", "cost_note")

    year = PlainIntegerField(label=_("年度"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("半年"), coerce=int, choices=[(1, _("上半年")), (2, _("下半年"))])
    advertising = money(_("广告收入（元）"))
    parking = money(_("停车收入（元）"))
    other_income = money(_("其他收入（元）"))
    other_note = forms.CharField(label=_("其他收入说明"), max_length=200, required=False)
    costs = money(_("成本费用（元）"))
    cost_note = forms.CharField(label=_("成本费用说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year if today.month > 6 else today.year - 1
        self.fields["half"].initial = 1 if today.month > 6 else 2


class ObjectionForm(NoFormulas, BootstrapFormMixin, forms.Form):
    formula_free = ("text",)

    text = forms.CharField(label=_("异议内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class TransferForm(NoFormulas, BootstrapFormMixin, forms.Form):
    """A sale recorded by the bureau: the buyer from the project's roll, the date, the reason."""

    formula_free = ("reason",)

    owner = forms.ModelChoiceField(label=_("新业主（名册上的业主）"), queryset=Owner.objects.none())
    on = forms.DateField(label=_("过户日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(
        label=_("理由"),
        max_length=NOTE_MAX,
        help_text=_("如不动产登记证明号；记入审计日志"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Owner.objects.filter(project=unit.project_id).order_by("name", "pk")
        self.fields["owner"].label_from_instance = lambda o: (
            _("%(name)s（证件尾号 %(last4)s）")
            % {
                "name": o.name,
                "last4": o.id_last4,
            }
        )
        self.fields["on"].initial = timezone.localdate()


class RateForm(NoFormulas, BootstrapFormMixin, forms.Form):
    formula_free = ("note",)

    region = forms.ModelChoiceField(label=_("区域"), queryset=Region.objects.none())
    construction_cost = PlainDecimalField(
        label=_("建筑安装工程每平方米造价（元）"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("1"),
        max_value=Decimal("99999"),
    )
    percent = PlainDecimalField(
        label=_("交存比例（%）"), max_digits=4, decimal_places=2, min_value=Decimal("5"), max_value=Decimal("8")
    )
    effective_from = forms.DateField(
        label=_("执行日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("依据"), max_length=200, help_text=_("文件名称和文号"))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions]).order_by("path")
        self.fields["effective_from"].initial = timezone.localdate()
