"""The street offices' quarterly evaluations of their projects (街道考核)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet, enterprise_or_region


class StreetEvaluationQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        return enterprise_or_region(user, "project__enterprise_id", "project__region__path")


class StreetEvaluation(models.Model):
    """The street office's quarterly evaluation of a project in its street (街道办事处考核物业企业)."""

    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    score = models.DecimalField(_("评分"), max_digits=4, decimal_places=1)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="+"
    )
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = StreetEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("街道考核")
        verbose_name_plural = _("街道考核")
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "quarter"], name="street_evaluation_unique"),
            models.CheckConstraint(name="street_evaluation_range", condition=Q(score__gte=0, score__lte=100)),
        ]

    def __str__(self):
        return f"{self.project_id} {self.year}Q{self.quarter} {self.score}"
