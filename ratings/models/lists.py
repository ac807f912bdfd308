"""Red and black lists (红黑榜): editions per run, region and subject, and their entries."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.final import FinalRecord
from core.scoping import ScopedQuerySet

from .. import reasons
from ..choices import (
    ListColor,
    ListStatus,
    ListSubject,
)
from .schemes import ScoringRun


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
    region = models.ForeignKey("regions.Region", verbose_name=_("辖区"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("对象"), max_length=10, choices=ListSubject.choices)
    version = models.PositiveSmallIntegerField(_("版次"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT)
    supersedes = models.OneToOneField(
        "self", verbose_name=_("更正"), null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    reason = models.TextField(_("更正理由"), blank=True)
    created = models.DateTimeField(_("生成时间"), auto_now_add=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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

    @property
    def reason_texts(self) -> list[str]:
        """The reasons in the reader's language (stored as kinds and figures: ratings.reasons)."""
        return reasons.texts(self.reasons)
