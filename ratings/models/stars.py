"""Star ratings (星级评定) and the downgrades later black lists cost them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.final import FinalRecord
from core.quarters import FIRST_YEAR, LAST_STORED_YEAR
from core.scoping import ScopedQuerySet, own_enterprise
from core.stored_text import recogniser
from enterprises.models import Enterprise

from ..choices import (
    StarStatus,
)
from .lists import ListEntry

# A grant below the level asked for, without the officer's words: the rule's reason.
RULE_REASON = _("规则支持 %(n)d 星")
_RULE_REASON = recogniser({"rule": ["规则支持 %(n)d 星", "The rules support %(n)d stars"]})
DOWNGRADE_REASON = _("%(q)s 黑榜（%(r)s）")


class StarQuerySet(ScopedQuerySet):
    def scope_for(self, user):
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
        settings.AUTH_USER_MODEL,
        verbose_name=_("公布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    created = models.DateTimeField(_("申请时间"), auto_now_add=True)

    objects = StarQuerySet.as_manager()

    class Meta:
        verbose_name = _("星级评定")
        verbose_name_plural = _("星级评定")
        ordering = ["-year", "-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="star_rating_one_per_year",
                condition=~Q(status=StarStatus.REJECTED),
            ),
            models.CheckConstraint(name="star_rating_range", condition=Q(requested__gte=1, requested__lte=5)),
            models.CheckConstraint(
                name="star_rating_year_range", condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_STORED_YEAR)
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.enterprise_id} {self.stars or self.requested}★"

    @property
    def reason_text(self) -> str:
        """The officer's reason; none given for a grant below the request, the rule's, in the
        reader's language (older ratings stored the rule's reason as text: recognised)."""
        if self.reason:
            found = _RULE_REASON(self.reason)
            return RULE_REASON % found[1] if found else self.reason
        if self.granted and self.granted < self.requested:
            return RULE_REASON % {"n": self.granted}
        return ""


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

    @property
    def reason_text(self) -> str:
        """The black list that cost the star, in the reader's language."""
        edition = self.entry.edition
        return DOWNGRADE_REASON % {"q": edition.run.period, "r": edition.region.name}
