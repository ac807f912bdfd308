from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from projects.choices import ProjectType

from .choices import DrawStatus, StandardStatus


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

    class Meta:
        verbose_name = _("检查标准")
        verbose_name_plural = _("检查标准")
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="standard_name_version_unique")]

    def __str__(self):
        return f"{self.name}（第 {self.version} 版）"

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


class DrawQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        """Draws inside the user's region, and those of the regions above it that cover it."""
        if not (user.is_region_scoped and user.region_path):
            return None
        above = [code for code in user.region_path.split("/") if code]
        return Q(region__path__startswith=user.region_path) | Q(region__code__in=above)

    def published(self):
        return self.filter(status=DrawStatus.PUBLISHED)


class Draw(models.Model):
    """A random draw (双随机一公开): which projects are inspected and by whom, re-computable by
    anyone from the published seed and the frozen candidate pool (see ``inspections.draws``)."""

    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey("projects.Region", verbose_name=_("范围"), on_delete=models.PROTECT)
    pool_filters = models.JSONField(_("抽取范围条件"), default=dict, blank=True)
    project_count = models.PositiveIntegerField(_("抽取项目数"), validators=[MinValueValidator(1)])
    inspectors_per_project = models.PositiveSmallIntegerField(
        _("每个项目检查人员数"), default=2, validators=[MinValueValidator(2)]
    )
    inspector_pool = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("检查人员库"), related_name="+")
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    # What the draw was computed from, frozen at draw time: [{"id", "region", "enterprise"}, …]
    frozen_pool = models.JSONField(_("冻结的候选项目"), default=list, blank=True)
    frozen_inspectors = models.JSONField(_("冻结的检查人员"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=DrawStatus.choices, default=DrawStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    objects = DrawQuerySet.as_manager()

    class Meta:
        verbose_name = _("双随机抽取")
        verbose_name_plural = _("双随机抽取")
        ordering = ["-created"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk and Draw.objects.filter(pk=self.pk, status=DrawStatus.PUBLISHED).exists():
            raise ValidationError(_("已公布的抽取结果不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == DrawStatus.PUBLISHED:
            raise ValidationError(_("已公布的抽取结果不能删除。"))
        return super().delete(*args, **kwargs)


class DrawResult(models.Model):
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="results")
    rank = models.PositiveIntegerField(_("序号"))
    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    inspectors = ArrayField(models.BigIntegerField(), verbose_name=_("检查人员"))

    class Meta:
        verbose_name = _("抽取结果")
        verbose_name_plural = _("抽取结果")
        ordering = ["draw", "rank"]
        constraints = [models.UniqueConstraint(fields=["draw", "project"], name="draw_result_project_unique")]

    def __str__(self):
        return f"{self.draw_id}#{self.rank} {self.project_id}"
