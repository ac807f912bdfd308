"""Filter helpers every list uses."""

import django_filters
from django.utils.translation import gettext_lazy as _


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering, labelled in the portal's words: each field names its own label
    (the defaults are English field names) and descending reads “（降序）”."""

    descending_fmt = _("%s（降序）")
