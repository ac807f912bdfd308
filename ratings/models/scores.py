"""The project and enterprise scores a run produced, with the components that explain them."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.final import FinalRecord
from core.scoping import ScopedQuerySet, enterprise_or_region
from enterprises.models import Enterprise

from ..choices import (
    Component,
    RunStatus,
    ScoreRule,
)
from .schemes import ScoringRun


class ScoreQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        return enterprise_or_region(user, "enterprise_id", "region_path")

    def published(self):
        return self.filter(run__status=RunStatus.PUBLISHED)


class JSONDocumentField(models.JSONField):
    """A JSON document kept as PostgreSQL ``json`` rather than ``jsonb``. The scores' components
    were one (migration 0012) until they became typed rows (ProjectScoreComponent); kept for the
    migrations that name it."""

    def db_type(self, connection):
        return "json"

    def from_db_value(self, value, expression, connection):
        if isinstance(value, dict | list):  # psycopg2 decodes a json column itself
            return value
        return super().from_db_value(value, expression, connection)


class ProjectScore(FinalRecord, models.Model):
    """A project's quarterly score. Its lines are typed rows (``parts``: ProjectScoreComponent),
    so that its page explains it line by line from what is stored, never recomputed; ``rule`` says
    how the lines make the total (``ratings.scoring``)."""

    final_parent = "run"

    # No index of their own for run, project and enterprise: project_score_partition,
    # project_score_unique and project_score_enterprise lead with them. The project and the
    # enterprise are real foreign keys: a scored project or enterprise cannot be deleted, by the
    # database as well as through Django.
    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="project_scores", db_index=False)
    partition = models.CharField(_("分区"), max_length=12)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    region_path = models.CharField(_("区域路径"), max_length=160)
    households = models.PositiveIntegerField(_("户数"))
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    rule = models.CharField(_("合计规则"), max_length=5, choices=ScoreRule.choices, default=ScoreRule.LINES)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目季度得分")
        verbose_name_plural = _("项目季度得分")
        ordering = ["-score", "project_id"]
        # project first: it is also the index of a project's scores over the quarters
        constraints = [models.UniqueConstraint(fields=["project", "run"], name="project_score_unique")]
        indexes = [
            models.Index(fields=["run", "partition"], name="project_score_partition"),
            models.Index(fields=["enterprise", "run"], name="project_score_enterprise"),
            models.Index(fields=["region_path"], name="project_score_region", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.run} {self.project_id} {self.score}"


class ProjectScoreComponent(FinalRecord, models.Model):
    """One line of a project score: a component present this quarter, with the inputs it was
    computed from (as the quarter's facts gave them), its value, the scheme's weight, its share
    of the present weights and the points it contributed. A component without data has no row.

    Which inputs a component uses: inspection — ``counted`` points of ``total`` (self-assessed:
    the self-score, × ``factor``); complaints — ``counted`` substantiated complaints, ``households``
    and the penalty ``factor``; handling — ``counted`` on time of ``total`` timed; satisfaction —
    ``counted`` satisfied, ``partial`` basically satisfied (× ``factor``) of ``total`` rated;
    rectification — ``counted`` closed on time of ``total`` due; self-report — ``outcome``;
    street — the evaluation's score is the value. ``sources`` are the ids of the counted facts."""

    final_parent = "score"

    score = models.ForeignKey(ProjectScore, on_delete=models.CASCADE, related_name="parts", db_index=False)
    key = models.CharField(_("分项"), max_length=16, choices=Component.choices)
    value = models.DecimalField(_("分值"), max_digits=5, decimal_places=2)
    weight = models.DecimalField(_("方案权重"), max_digits=5, decimal_places=2)
    effective_weight = models.DecimalField(
        _("实际权重（%）"),
        max_digits=9,
        decimal_places=6,
        help_text=_("方案权重 ÷ 本项目有数据分项的方案权重之和 × 100"),
    )
    points = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    counted = models.DecimalField(_("计数"), max_digits=10, decimal_places=1, null=True, blank=True)
    partial = models.PositiveIntegerField(_("基本满意"), null=True, blank=True)
    total = models.DecimalField(_("基数"), max_digits=10, decimal_places=1, null=True, blank=True)
    households = models.PositiveIntegerField(_("户数"), null=True, blank=True)
    factor = models.DecimalField(_("系数"), max_digits=5, decimal_places=2, null=True, blank=True)
    self_assessed = models.BooleanField(_("按自评"), default=False)
    outcome = models.CharField(_("结果"), max_length=10, blank=True)
    sources = ArrayField(models.BigIntegerField(), verbose_name=_("依据编号"), default=list, blank=True)

    class Meta:
        verbose_name = _("项目得分分项")
        verbose_name_plural = _("项目得分分项")
        constraints = [
            models.UniqueConstraint(fields=["score", "key"], name="project_score_component_unique"),
            models.CheckConstraint(name="project_score_component_value", condition=Q(value__gte=0, value__lte=100)),
        ]

    def __str__(self):
        return f"{self.score_id} {self.key} {self.value}"


class EnterpriseScoreQuerySet(ScoreQuerySet):
    def scope_for(self, user):
        if user.is_enterprise_user:
            return super().scope_for(user)
        # Officers see the enterprises they supervise: registered or managing in their region.
        return Q(enterprise_id__in=Enterprise.objects.visible_to(user).values("pk"))


class EnterpriseScore(FinalRecord, models.Model):
    """An enterprise's quarterly score: the household-weighted mean of its projects' scores plus
    enterprise-level adjustments (summons)."""

    final_parent = "run"

    # Indexes and constraints as ProjectScore's: enterprise_score_unique leads with run.
    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="enterprise_scores", db_index=False)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    region_path = models.CharField(_("区域路径"), max_length=160)
    projects = models.PositiveIntegerField(_("项目数"))
    households = models.PositiveIntegerField(_("户数"))
    base_score = models.DecimalField(_("项目加权得分"), max_digits=5, decimal_places=1)
    adjustment = models.DecimalField(_("加减分"), max_digits=5, decimal_places=1, default=0)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    adjustments = models.JSONField(_("加减分明细"), default=list)

    objects = EnterpriseScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业季度得分")
        verbose_name_plural = _("企业季度得分")
        ordering = ["-score", "enterprise_id"]
        constraints = [models.UniqueConstraint(fields=["run", "enterprise"], name="enterprise_score_unique")]
        indexes = [
            models.Index(fields=["enterprise", "run"], name="enterprise_score_enterprise"),
            models.Index(fields=["region_path"], name="enterprise_score_region", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.run} {self.enterprise_id} {self.score}"
