"""Filter helpers every list uses."""

import django_filters
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .forms import ToggleRadio, YearField


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering, labelled in the portal's words: each field names its own label
    (the defaults are English field names) and descending reads “（降序）”."""

    descending_fmt = _("%s（降序）")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("默认顺序"))  # not the filters' 全部
        super().__init__(*args, **kwargs)

    def build_choices(self, fields, labels):
        """django-filter's choices with the descending labels left lazy: it formats them once,
        when the filter set class is made, in whatever language is active then."""
        choices = super().build_choices(fields, labels)
        ascending = dict(choices[::2])
        return [
            (value, _descending(self.descending_fmt, ascending[value[1:]]))
            if value.startswith("-") and value not in labels
            else (value, label)
            for value, label in choices
        ]


_descending = lazy(lambda fmt, label: str(fmt) % label, str)


class YesNoAnySelect(ToggleRadio):
    """A yes/no filter as three toggles, “全部” (any, the default) / “是” / “否” — not a select
    whose empty choice reads “未知”."""

    wide = False  # three short toggles fit a filter cell

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))])

    def value_from_datadict(self, data, files, name):
        return {"true": True, "false": False}.get(data.get(name))

    def format_value(self, value):
        return [{True: "true", False: "false"}.get(value, "")]


class YearFilter(django_filters.NumberFilter):
    """A year (``core.quarters.year_range``, ASCII digits): anything else is a form error, so a
    page ignores the filter and the API answers 400."""

    field_class = YearField
