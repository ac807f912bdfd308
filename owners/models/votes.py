"""Owners' votes (业主大会表决): the vote and its matters, the roll it is counted on, its events.

The lifecycle and its deadlines are ``owners.votes``; ballots and results are in
``owners.models.ballots``; counting is ``owners.counting``.
"""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from core.final import FinalRecord
from projects.models import Project

from ..choices import SPECIAL_MATTERS, MatterKind, Organiser, VoteEventType, VoteStatus
from .roll import Owner, RollQuerySet, Unit


class Vote(FinalRecord, models.Model):
    """One owners' vote of a project on one or more matters, from its notice to its result.

    The thresholds are copied from the settings when the vote is drafted, so that a vote is
    always counted by the rules it was announced under. Once announced it is final (the
    database refuses any change but the move to archived)."""

    final_states = (VoteStatus.ANNOUNCED, VoteStatus.ARCHIVED)
    final_may_change = ("status", "archived_at")

    project = models.ForeignKey(Project, verbose_name=_("物业项目"), on_delete=models.PROTECT, related_name="votes")
    title = models.CharField(_("表决名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    organiser = models.CharField(
        _("组织者"), max_length=12, choices=Organiser.choices, default=Organiser.PREPARATORY_GROUP
    )
    status = models.CharField(_("状态"), max_length=12, choices=VoteStatus.choices, default=VoteStatus.DRAFT)
    quorum_num = models.PositiveSmallIntegerField(_("参与表决比例（分子）"))
    quorum_den = models.PositiveSmallIntegerField(_("参与表决比例（分母）"))
    majority_num = models.PositiveSmallIntegerField(_("一般事项同意比例（分子）"))
    majority_den = models.PositiveSmallIntegerField(_("一般事项同意比例（分母）"))
    special_num = models.PositiveSmallIntegerField(_("特别事项同意比例（分子）"))
    special_den = models.PositiveSmallIntegerField(_("特别事项同意比例（分母）"))
    roll_units = models.PositiveIntegerField(_("名册房屋套数"), null=True, blank=True)
    roll_area = models.DecimalField(_("名册专有部分总面积"), max_digits=14, decimal_places=2, null=True, blank=True)
    roll_heads = models.PositiveIntegerField(_("名册业主人数"), null=True, blank=True)
    noticed_at = models.DateTimeField(_("公告时间"), null=True, blank=True)
    opens_at = models.DateTimeField(_("投票开始"), null=True, blank=True)
    closes_at = models.DateTimeField(_("投票截止"), null=True, blank=True)
    extended_from = models.DateTimeField(_("原截止时间"), null=True, blank=True)
    extension_reason = models.TextField(_("延长理由"), blank=True)
    closed_at = models.DateTimeField(_("实际截止时间"), null=True, blank=True)
    result_due_at = models.DateTimeField(_("初步结果公示期限"), null=True, blank=True)
    preliminary_at = models.DateTimeField(_("初步结果公示时间"), null=True, blank=True)
    objections_end_at = models.DateTimeField(_("异议期截止"), null=True, blank=True)
    announced_at = models.DateTimeField(_("结果公告时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    suspension_reason = models.TextField(_("中止理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = RollQuerySet.as_manager()

    class Meta:
        verbose_name = _("业主大会表决")
        verbose_name_plural = _("业主大会表决")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["project", "-created"], name="owners_vote_project"),
            # The sweeper's look-up of votes due to open or close.
            models.Index(
                fields=["status"], name="owners_vote_running", condition=Q(status__in=["roll_posted", "open"])
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="owners_vote_fractions",
                condition=Q(quorum_num__gt=0, quorum_num__lte=F("quorum_den"))
                & Q(majority_num__gt=0, majority_num__lt=F("majority_den"))
                & Q(special_num__gt=0, special_num__lte=F("special_den")),
            ),
            models.CheckConstraint(
                name="owners_vote_period_ordered",
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def quorum(self) -> Fraction:
        return Fraction(self.quorum_num, self.quorum_den)

    @property
    def majority(self) -> Fraction:
        return Fraction(self.majority_num, self.majority_den)

    @property
    def special(self) -> Fraction:
        return Fraction(self.special_num, self.special_den)


class Matter(models.Model):
    """One matter put to the vote, with the kind that sets its threshold (art. 278)."""

    vote = models.ForeignKey(Vote, verbose_name=_("表决"), on_delete=models.CASCADE, related_name="matters")
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("事项类别"), max_length=16, choices=MatterKind.choices)
    title = models.CharField(_("表决事项"), max_length=200)

    class Meta:
        verbose_name = _("表决事项")
        verbose_name_plural = _("表决事项")
        ordering = ["vote", "position"]
        constraints = [models.UniqueConstraint(fields=["vote", "position"], name="owners_matter_position_unique")]

    def __str__(self):
        return self.title

    @property
    def special(self) -> bool:
        """Whether three quarters must agree (raising the fund, rebuilding, common parts)."""
        return self.kind in SPECIAL_MATTERS


class RollEntry(models.Model):
    """A unit as the vote counts it: posted before the vote opens (owners check their unit and
    area and ask for corrections; it may be posted again until then), frozen from the opening.

    ``head`` numbers the owners as art. 278 counts them: units with the same owners share one
    head (one person with several units is one owner, their areas summed); all the developer's
    unsold units share one; co-owners are one owner, voting through ``voter``."""

    vote = models.ForeignKey(
        Vote, verbose_name=_("表决"), on_delete=models.CASCADE, related_name="roll", db_index=False
    )
    unit = models.ForeignKey(Unit, verbose_name=_("房屋"), on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("房号"), max_length=90)
    area = models.DecimalField(_("专有部分面积（m²）"), max_digits=10, decimal_places=2)
    # The area in whole cents, which counting sums (integer sums cost a fraction of numeric ones).
    cents = models.GeneratedField(
        expression=Cast(F("area") * 100, models.IntegerField()),
        output_field=models.IntegerField(),
        db_persist=True,
        verbose_name=_("面积（分）"),
    )
    head = models.PositiveIntegerField(_("业主序号"))
    voter = models.ForeignKey(Owner, verbose_name=_("表决人"), on_delete=models.PROTECT, related_name="+")
    developer = models.BooleanField(_("建设单位未售"), default=False)

    class Meta:
        verbose_name = _("表决名册")
        verbose_name_plural = _("表决名册")
        ordering = ["vote", "label"]
        constraints = [models.UniqueConstraint(fields=["vote", "unit"], name="owners_rollentry_unique")]
        indexes = [models.Index(fields=["voter"], name="owners_rollentry_voter")]

    def __str__(self):
        return self.label


class VoteEvent(models.Model):
    """One step of a vote: who took it (an officer, or the schedule), when, with what note."""

    vote = models.ForeignKey(Vote, verbose_name=_("表决"), on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("事件"), max_length=16, choices=VoteEventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    created = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("表决事件")
        verbose_name_plural = _("表决事件")
        ordering = ["vote", "created", "pk"]

    def __str__(self):
        return f"{self.vote_id} {self.type}"
