"""Filter helpers every list uses."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering, labelled in the portal's words: each field names its own label
    (the defaults are English field names) and descending reads “（降序）”."""

    descending_fmt = _("%s（降序）")


class YesNoAnySelect(forms.Select):
    """A yes/no filter whose empty choice reads “全部” (any), not “未知”."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))])

    def value_from_datadict(self, data, files, name):
        return {"true": True, "false": False}.get(data.get(name))
