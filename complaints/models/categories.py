"""Complaint categories (投诉类别), a two-level tree with the department each routes to."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.choices import DepartmentKind


class Category(models.Model):
    """A complaint category (configurable tree); ``department_kind`` routes it out of the
    bureau's remit (e.g. 治安 → 公安)."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    department_kind = models.CharField(
        _("主管部门"),
        max_length=32,
        choices=DepartmentKind.choices,
        blank=True,
        help_text=_("留空表示属于住建部门职责"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("投诉类别")
        verbose_name_plural = _("投诉类别")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.parent.label} / {self.label}" if self.parent_id else self.label

    @property
    def label(self) -> str:
        """The name in the reader's language: English when the page is English and one is set."""
        return self.label_of(self.name, self.name_en)

    @staticmethod
    def label_of(name: str, name_en: str) -> str:
        """``label`` from the two names (rows read with ``values()``)."""
        if name_en and (get_language() or "").startswith("en"):
            return name_en
        return name
