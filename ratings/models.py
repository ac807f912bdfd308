"""Quarterly assessment (量化考核): the versioned scoring schemes, each quarter's run and the
project and enterprise scores it produced, with the components that explain them."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.final import FinalRecord
from core.photos import stored_name
from core.quarters import FIRST_YEAR, LAST_STORED_YEAR, Quarter
from core.scoping import ScopedQuerySet, enterprise_or_region, own_enterprise

from .choices import (
    Component,
    CreditKind,
    HonourKind,
    HonourStatus,
    ListColor,
    ListStatus,
    ListSubject,
    ObjectionStatus,
    RunStatus,
    SchemeStatus,
    ScoreRule,
    StarStatus,
)


class SchemeQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # The rules are public to everyone who is scored or scores.
        return Q() if user.is_staff_side or user.is_enterprise_user else None

    def in_force(self, quarter: Quarter):
        """The published scheme effective for ``quarter`` (the latest effective on or before it)."""
        return (
            self.filter(status=SchemeStatus.PUBLISHED)
            .filter(
                Q(effective_year__lt=quarter.year)
                | Q(effective_year=quarter.year, effective_quarter__lte=quarter.number)
            )
            .order_by("-effective_year", "-effective_quarter", "-version")
            .first()
        )


class Scheme(FinalRecord, models.Model):
    """A named version of the weights and parameters, effective from a quarter. Officers edit a
    draft; publishing freezes it, so a past quarter always recomputes to what was published."""

    final_states = (SchemeStatus.PUBLISHED,)

    name = models.CharField(_("名称"), max_length=100)
    version = models.PositiveIntegerField(_("版本"), unique=True)
    effective_year = models.PositiveSmallIntegerField(_("生效年度"))
    effective_quarter = models.PositiveSmallIntegerField(_("生效季度"))
    status = models.CharField(_("状态"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT)
    params = models.JSONField(_("权重与参数"), default=dict)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-version"]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def effective_from(self) -> Quarter:
        return Quarter(self.effective_year, self.effective_quarter)

    def weights_total(self) -> Decimal:
        """The sum of the components' weights (%): a published scheme's is 100."""
        weights = (self.params or {}).get("weights") or {}
        return sum((Decimal(str(weights.get(key) or 0)) for key in Component.values), Decimal(0))

    def check_weights(self) -> None:
        """Refuse weights that do not total 100 % (publishing, the admin's form)."""
        total = self.weights_total()
        if total != 100:
            raise ValidationError(
                _("考核方案各项权重合计须为 100%%，现为 %(n)s%%。") % {"n": format(total.normalize(), "f")},
                code="weights",
            )

    def clean(self):
        super().clean()
        if self.status == SchemeStatus.PUBLISHED:
            try:
                self.check_weights()
            except ValidationError as error:
                raise ValidationError({"params": error}) from None


class RunQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # Which quarters were scored is no secret; what each one shows is scoped on the scores.
        return Q() if user.is_staff_side or user.is_enterprise_user else None


class ScoringRun(FinalRecord, models.Model):
    """One quarter's scoring: partitions (cities or districts) computed by any number of workers."""

    final_states = (RunStatus.PUBLISHED,)

    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.PROTECT, related_name="runs")
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.COMPUTING)
    partitions = models.JSONField(
        _("分区"), default=list, help_text=_("计算分区：地市（不少于 8 个时）或区县的行政区划代码")
    )
    partitions_done = models.JSONField(_("已完成分区"), default=list)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    # The moment the quarter's stages are judged at (a stage still running then and past its
    # deadline is late): one moment for every partition, so the figures can be reproduced.
    started = models.DateTimeField(
        _("开始时间"),
        auto_now_add=True,
        help_text=_("投诉各环节是否按时，按此时点判断（仍在办理且已过截止时间的为超时）"),
    )
    finished = models.DateTimeField(_("完成时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("公布人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    queued_at = models.DateTimeField(
        _("排队时间"), null=True, blank=True, help_text=_("分区最近一次排队计算的时间（卡住时据此重新排队）")
    )
    error = models.TextField(_("错误"), blank=True)
    error_at = models.DateTimeField(_("出错时间"), null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("季度考核")
        verbose_name_plural = _("季度考核")
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="scoring_run_quarter_unique")]

    def __str__(self):
        return str(self.period)

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def progress(self) -> tuple[int, int]:
        return len(self.partitions_done), len(self.partitions)


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
        from enterprises.models import Enterprise

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


class ListQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # Published lists are public; drafts are the bureau's work in progress, for its officers
        # in the list's region only (not department liaisons, inspectors or enterprises).
        published = Q(status__in=[ListStatus.PUBLISHED, ListStatus.SUPERSEDED])
        if not user.is_officer or not user.region_path:
            return published
        return published | Q(region__path__startswith=user.region_path)

    def public(self):
        return self.filter(status__in=[ListStatus.PUBLISHED, ListStatus.SUPERSEDED])


class ListEdition(FinalRecord, models.Model):
    """One quarter's red and black list (红黑榜) of a jurisdiction, for enterprises or projects.
    Drafted by the scheme's rules, reviewed, published; a published edition is never edited, a
    correction supersedes it with a reason and both stay visible."""

    final_states = (ListStatus.PUBLISHED, ListStatus.SUPERSEDED)

    run = models.ForeignKey(ScoringRun, verbose_name=_("季度"), on_delete=models.PROTECT, related_name="lists")
    region = models.ForeignKey("projects.Region", verbose_name=_("辖区"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("对象"), max_length=10, choices=ListSubject.choices)
    version = models.PositiveSmallIntegerField(_("版次"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT)
    supersedes = models.OneToOneField(
        "self", verbose_name=_("更正"), null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    reason = models.TextField(_("更正理由"), blank=True)
    created = models.DateTimeField(_("生成时间"), auto_now_add=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("拟稿人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("公布人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    objects = ListQuerySet.as_manager()

    class Meta:
        verbose_name = _("红黑榜")
        verbose_name_plural = _("红黑榜")
        ordering = ["-run__year", "-run__quarter", "region__path", "subject", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["run", "region", "subject", "version"], name="list_edition_version_unique"),
        ]

    def __str__(self):
        return f"{self.run} {self.region} {self.get_subject_display()} v{self.version}"


class ListEntryQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # An entry is as visible as its edition: published ones to everyone signed in.
        return Q(edition__in=ListEdition.objects.visible_to(user).values("pk"))


class ListEntry(FinalRecord, models.Model):
    """A project or an enterprise on a list, with its score and the rule's reasons."""

    final_parent = "edition"

    edition = models.ForeignKey(ListEdition, on_delete=models.CASCADE, related_name="entries")
    color = models.CharField(_("榜单"), max_length=5, choices=ListColor.choices)
    rank = models.PositiveIntegerField(_("名次"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    reasons = models.JSONField(_("依据"), default=list)

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("榜单条目")
        verbose_name_plural = _("榜单条目")
        ordering = ["color", "rank"]

    def __str__(self):
        return f"{self.get_color_display()} {self.rank}"


class CreditQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        from enterprises.models import Enterprise

        if user.is_enterprise_user:
            return own_enterprise(user, "enterprise_id")
        return Q(enterprise_id__in=Enterprise.objects.visible_to(user).values("pk"))

    def valid_on(self, day):
        return self.filter(occurred_on__lte=day, valid_until__gt=day)


class CreditRecord(models.Model):
    """A dated good or bad record in an enterprise's credit file, with its points, its source and
    how long it counts, and a note saying what caused it. Expired records stay in the history.

    A red or black list record is one per enterprise, quarter and colour, however many
    jurisdictions' lists of that quarter name the enterprise: it names the quarter (``run``) and
    links the published lists (``lists``) instead of one source row."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(_("类别"), max_length=14, choices=CreditKind.choices)
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=1)
    occurred_on = models.DateField(_("发生日期"))
    valid_until = models.DateField(_("有效期至"))
    source_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    run = models.ForeignKey(
        ScoringRun, verbose_name=_("季度"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lists = models.ManyToManyField(ListEdition, verbose_name=_("榜单"), blank=True, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = CreditQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_type", "source_id"], name="credit_record_source_unique",
                condition=Q(source_id__isnull=False),
            ),
            # one red (black) list record per enterprise and quarter, whichever lists named it
            models.UniqueConstraint(
                fields=["enterprise", "run", "kind"], name="credit_record_list_once", condition=Q(run__isnull=False),
            ),
            models.CheckConstraint(
                name="credit_record_date_range",
                condition=Q(
                    occurred_on__gte=dt.date(FIRST_YEAR, 1, 1), occurred_on__lte=dt.date(LAST_STORED_YEAR, 12, 31)
                ),
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["enterprise", "occurred_on"], name="credit_record_enterprise")]

    def __str__(self):
        return f"{self.enterprise_id} {self.get_kind_display()} {self.points}"


class HonourQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        return enterprise_or_region(user, "enterprise_id", "region__path")


class Honour(FinalRecord, models.Model):
    """A nomination for an honour of a year and jurisdiction; selections are capped at 0.5 % of
    the kind's base (``ratings.honours.quota``)."""

    final_states = (HonourStatus.SELECTED,)

    kind = models.CharField(_("类别"), max_length=16, choices=HonourKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    region = models.ForeignKey(
        "projects.Region", verbose_name=_("评选范围"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.CharField(_("人员"), max_length=50, blank=True)
    merits = models.TextField(_("事迹"), max_length=2000)
    status = models.CharField(_("状态"), max_length=10, choices=HonourStatus.choices, default=HonourStatus.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("初审时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("评选时间"), null=True, blank=True)
    reason = models.TextField(_("审核意见"), max_length=2000, blank=True)
    created = models.DateTimeField(_("提名时间"), auto_now_add=True)

    objects = HonourQuerySet.as_manager()

    class Meta:
        verbose_name = _("评先树优")
        verbose_name_plural = _("评先树优")
        ordering = ["-year", "kind", "-created"]
        indexes = [models.Index(fields=["kind", "year", "region", "status"], name="honour_quota")]
        constraints = [
            models.CheckConstraint(
                name="honour_year_range", condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_STORED_YEAR)
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} {self.enterprise_id}"


class StarQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        from enterprises.models import Enterprise

        if user.is_enterprise_user:
            return own_enterprise(user, "enterprise_id")
        return Q(enterprise_id__in=Enterprise.objects.visible_to(user).values("pk"))


class StarRating(FinalRecord, models.Model):
    """An enterprise's application for a star level (星级评定) of a year, the officer's decision
    (at most the level the rule supports) and the level in force after any downgrades."""

    final_states = (StarStatus.PUBLISHED,)
    final_may_change = ("stars",)  # lowered by a black list published later (ratings.stars)

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    requested = models.PositiveSmallIntegerField(_("申请星级"))
    granted = models.PositiveSmallIntegerField(_("评定星级"), null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("现行星级"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=StarStatus.choices, default=StarStatus.APPLIED)
    reason = models.TextField(_("审核意见"), blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("公布人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    created = models.DateTimeField(_("申请时间"), auto_now_add=True)

    objects = StarQuerySet.as_manager()

    class Meta:
        verbose_name = _("星级评定")
        verbose_name_plural = _("星级评定")
        ordering = ["-year", "-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"], name="star_rating_one_per_year",
                condition=~Q(status=StarStatus.REJECTED),
            ),
            models.CheckConstraint(name="star_rating_range", condition=Q(requested__gte=1, requested__lte=5)),
            models.CheckConstraint(
                name="star_rating_year_range", condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_STORED_YEAR)
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.year} {self.enterprise_id} {self.stars or self.requested}★"


class StarDowngrade(models.Model):
    """One star taken off a published rating for a black-list entry published later that year;
    the entry is the reason, so the same entry never lowers a rating twice."""

    rating = models.ForeignKey(StarRating, on_delete=models.CASCADE, related_name="downgrades")
    entry = models.ForeignKey(ListEntry, verbose_name=_("黑榜条目"), on_delete=models.PROTECT, related_name="+")
    from_stars = models.PositiveSmallIntegerField(_("原星级"))
    to_stars = models.PositiveSmallIntegerField(_("降为"))
    reason = models.CharField(_("理由"), max_length=200)
    created = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("星级降级")
        verbose_name_plural = _("星级降级")
        ordering = ["created"]
        constraints = [models.UniqueConstraint(fields=["rating", "entry"], name="star_downgrade_once")]

    def __str__(self):
        return f"{self.rating_id} {self.from_stars}→{self.to_stars}"


class ObjectionQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        from enterprises.models import Enterprise

        if user.is_enterprise_user:
            return own_enterprise(user, "enterprise_id")
        return Q(enterprise_id__in=Enterprise.objects.visible_to(user).values("pk"))


class Objection(models.Model):
    """An enterprise's objection (异议) to its draft enterprise score or one of its project scores,
    filed within five working days of the run's finish; an officer upholds it (optionally with
    points added to the enterprise score) or rejects it, each with a reason. It names the run,
    enterprise and project rather than the score rows, so a recomputation keeps it."""

    run = models.ForeignKey(ScoringRun, verbose_name=_("季度"), on_delete=models.CASCADE, related_name="objections")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("异议理由"), max_length=2000)
    status = models.CharField(
        _("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    adjustment = models.DecimalField(_("调整分值"), max_digits=5, decimal_places=1, null=True, blank=True)
    decision = models.TextField(_("处理意见"), blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created = models.DateTimeField(_("提出时间"), auto_now_add=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核异议")
        verbose_name_plural = _("考核异议")
        ordering = ["-created"]
        indexes = [models.Index(fields=["run", "status"], name="objection_run_status")]
        # One pending objection per score: per enterprise score (no project) and per project score.
        constraints = [
            models.UniqueConstraint(
                fields=["run", "enterprise"],
                condition=Q(status="pending", project__isnull=True),
                name="objection_one_pending_enterprise_score",
            ),
            models.UniqueConstraint(
                fields=["run", "enterprise", "project"],
                condition=Q(status="pending", project__isnull=False),
                name="objection_one_pending_project_score",
            ),
        ]

    def __str__(self):
        return f"{self.run} {self.enterprise_id} {self.get_status_display()}"


def objection_photo_path(instance, filename):
    return stored_name("objections", instance.content_type)


class ObjectionPhotoQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        return Q(objection__in=Objection.objects.visible_to(user))


class ObjectionPhoto(models.Model):
    """A content-checked, re-encoded photo backing an objection."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("文件"), upload_to=objection_photo_path)
    content_type = models.CharField(_("格式"), max_length=32)
    created = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ObjectionPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("异议照片")
        verbose_name_plural = _("异议照片")

    def __str__(self):
        return self.file.name
