"""Random inspection draws (双随机抽查) and what they drew."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import SUPERVISION_READERS
from core.quarters import Quarter
from core.scoping import ScopedQuerySet
from regions.models import codes_on_path

from ..choices import (
    DrawStatus,
)


class DrawQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        """Draws inside the user's region, and those of the regions above it that cover it."""
        if not (user.role in SUPERVISION_READERS and user.region_path):
            return None
        return Q(region__path__startswith=user.region_path) | Q(region__code__in=codes_on_path(user.region_path))

    def published(self):
        return self.filter(status=DrawStatus.PUBLISHED)


class Draw(models.Model):
    """A random draw (双随机一公开): which projects are inspected and by whom, re-computable by
    anyone from the published seed and the frozen candidate pool (see ``inspections.draws``)."""

    # Empty: the draw is named by the quarter it was made in, in the reader's language (``title``).
    name = models.CharField(_("名称"), max_length=100, blank=True, help_text=_("留空则按季度命名"))
    region = models.ForeignKey("regions.Region", verbose_name=_("范围"), on_delete=models.PROTECT)
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
        return self.title

    def save(self, *args, **kwargs):
        if self.pk and Draw.objects.filter(pk=self.pk, status=DrawStatus.PUBLISHED).exists():
            raise ValidationError(_("已公布的抽取结果不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == DrawStatus.PUBLISHED:
            raise ValidationError(_("已公布的抽取结果不能删除。"))
        return super().delete(*args, **kwargs)

    @property
    def title(self) -> str:
        """The name its organiser gave, else “2026 年第 3 季度双随机抽查” by the quarter it was
        made in."""
        if self.name:
            return self.name
        quarter = Quarter.of(timezone.localdate(self.created) if self.created else timezone.localdate())
        return _("%(year)s 年第 %(quarter)s 季度双随机抽查") % {"year": quarter.year, "quarter": quarter.number}


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
