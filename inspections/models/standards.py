"""Inspection standards (检查标准): versions, categories, items and totals per project type."""

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet
from projects.choices import ProjectType

from ..choices import (
    StandardStatus,
)


class StandardQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # The standards are the bureau's published rules: staff and enterprises read them all.
        return Q() if user.is_staff_side or user.is_enterprise_user else None


class InspectionStandard(models.Model):
    """A versioned checklist (检查标准): categories of items with points, for the project types
    each item applies to. A published version is frozen; changes go into a new version."""

    name = models.CharField(_("名称"), max_length=100)
    version = models.PositiveIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=StandardStatus.choices, default=StandardStatus.DRAFT)
    based_on = models.ForeignKey(
        "self", verbose_name=_("基于版本"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查标准")
        verbose_name_plural = _("检查标准")
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="standard_name_version_unique")]

    def __str__(self):
        return _("%(name)s（第 %(version)s 版）") % {"name": self.name, "version": self.version}

    @property
    def is_frozen(self) -> bool:
        return self.status != StandardStatus.DRAFT


class StandardTotal(models.Model):
    """The total points the standard gives a project type; the items must add up to it."""

    standard = models.ForeignKey(InspectionStandard, on_delete=models.CASCADE, related_name="totals")
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    points = models.DecimalField(_("总分"), max_digits=7, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("标准总分")
        verbose_name_plural = _("标准总分")
        constraints = [models.UniqueConstraint(fields=["standard", "project_type"], name="standard_total_unique")]

    def __str__(self):
        return f"{self.get_project_type_display()} {self.points}"


class StandardCategory(models.Model):
    standard = models.ForeignKey(InspectionStandard, on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("类别"), max_length=50)

    class Meta:
        verbose_name = _("标准类别")
        verbose_name_plural = _("标准类别")
        ordering = ["standard", "order"]
        constraints = [models.UniqueConstraint(fields=["standard", "order"], name="standard_category_order_unique")]

    def __str__(self):
        return self.name


class StandardItem(models.Model):
    category = models.ForeignKey(StandardCategory, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("编号"), max_length=16)
    title = models.CharField(_("检查内容"), max_length=300)
    method = models.CharField(_("检查方法"), max_length=200, blank=True)
    points = models.DecimalField(
        _("分值"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    project_types = ArrayField(
        models.CharField(max_length=20, choices=ProjectType.choices), verbose_name=_("适用项目类型")
    )

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["category__order", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"
