from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import YearField, bootstrapify


class FundingForm(forms.Form):
    region = forms.CharField(max_length=12, widget=forms.HiddenInput)
    year = YearField(widget=forms.HiddenInput)
    amount = forms.DecimalField(
        label=_("资金投入（万元）"),
        min_value=Decimal(0),
        max_value=Decimal("9999999999"),
        max_digits=12,
        decimal_places=2,
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)
