"""Ballots and results of owners' votes: never updated or deleted, refused by the database.

A ballot is one unit's answer to every matter of a vote (one ballot per unit and vote, hence
one per unit and matter), cast online by the unit's voter or entered from paper by the organiser
with a scan. Its receipt code lets the owner check that it was counted as cast. The results
are stored when the preliminary result is posted and never change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import StoredDocument

from ..choices import BallotChannel, Choice
from .roll import Owner, RollQuerySet, Unit
from .votes import Matter, Vote

RECEIPT_LENGTH = 12


class BallotQuerySet(RollQuerySet):
    region_lookup = "vote__project__region__path"


class BallotScanQuerySet(RollQuerySet):
    region_lookup = "ballot__vote__project__region__path"


class Ballot(models.Model):
    """One unit's ballot in one vote, whatever the channel: the unique key is what counts a
    unit once when a paper ballot and an online one arrive for it."""

    vote = models.ForeignKey(
        Vote, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="ballots", db_index=False
    )
    unit = models.ForeignKey(Unit, verbose_name=_("房屋"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("方式"), max_length=8, choices=BallotChannel.choices)
    voter = models.ForeignKey(Owner, verbose_name=_("表决人"), on_delete=models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("书面选票收到日期"), null=True, blank=True)
    receipt = models.CharField(_("回执码"), max_length=RECEIPT_LENGTH, unique=True)
    created = models.DateTimeField(_("投票时间"), auto_now_add=True)

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        ordering = ["vote", "created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "unit"], name="owners_ballot_one_per_unit"),
            models.CheckConstraint(
                name="owners_ballot_paper_entered",
                condition=models.Q(channel=BallotChannel.ONLINE, entered_by__isnull=True)
                | models.Q(channel=BallotChannel.PAPER, entered_by__isnull=False, received_on__isnull=False),
            ),
        ]

    def __str__(self):
        return self.receipt


class BallotScan(StoredDocument):
    """The scan of a paper ballot (a photo or PDF, content-checked by ``core.attachments``),
    filed with it in the same transaction and served only to the officers who see the vote."""

    folder = "ballots"

    ballot = models.OneToOneField(Ballot, verbose_name=_("选票"), on_delete=models.PROTECT, related_name="scan")

    objects = BallotScanQuerySet.as_manager()

    class Meta(StoredDocument.Meta):
        verbose_name = _("书面选票扫描件")
        verbose_name_plural = _("书面选票扫描件")


class BallotChoice(models.Model):
    """The ballot's answer to one matter."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("选票"), on_delete=models.PROTECT, related_name="choices", db_index=False
    )
    matter = models.ForeignKey(Matter, verbose_name=_("表决事项"), on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("意见"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("表决意见")
        verbose_name_plural = _("表决意见")
        constraints = [models.UniqueConstraint(fields=["ballot", "matter"], name="owners_choice_one_per_matter")]
        indexes = [models.Index(fields=["matter"], name="owners_choice_matter")]

    def __str__(self):
        return f"{self.matter_id}: {self.choice}"


class MatterResult(models.Model):
    """A matter's count as posted with the preliminary result: the figures the page explains."""

    matter = models.OneToOneField(Matter, verbose_name=_("表决事项"), on_delete=models.PROTECT, related_name="result")
    total_area = models.DecimalField(_("总面积"), max_digits=14, decimal_places=2)
    total_heads = models.PositiveIntegerField(_("总人数"))
    voting_area = models.DecimalField(_("参与表决面积"), max_digits=14, decimal_places=2)
    voting_heads = models.PositiveIntegerField(_("参与表决人数"))
    agree_area = models.DecimalField(_("同意面积"), max_digits=14, decimal_places=2)
    agree_heads = models.PositiveIntegerField(_("同意人数"))
    disagree_area = models.DecimalField(_("反对面积"), max_digits=14, decimal_places=2)
    disagree_heads = models.PositiveIntegerField(_("反对人数"))
    quorum_met = models.BooleanField(_("参与表决达到法定比例"))
    passed = models.BooleanField(_("通过"))
    counted_at = models.DateTimeField(_("计票时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("表决结果")
        verbose_name_plural = _("表决结果")

    def __str__(self):
        return f"{self.matter_id}: {'passed' if self.passed else 'not passed'}"


class Objection(models.Model):
    """An owner's objection to the preliminary result, filed within the objection period."""

    vote = models.ForeignKey(Vote, verbose_name=_("表决"), on_delete=models.CASCADE, related_name="objections")
    owner = models.ForeignKey(Owner, verbose_name=_("业主"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("异议内容"))
    created = models.DateTimeField(_("提出时间"), auto_now_add=True)
    # The organiser's answer (``owners.votes.answer_objection``): once, before the announcement.
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("对表决结果的异议")
        verbose_name_plural = _("对表决结果的异议")
        ordering = ["vote", "created"]
        constraints = [
            models.CheckConstraint(
                name="owners_objection_answer_complete",
                condition=models.Q(answer="", answered_at__isnull=True)
                | ~models.Q(answer="") & models.Q(answered_at__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.vote_id}: {self.text[:20]}"
