"""Credit records (信用档案): what counts for and against an enterprise, and for how long."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.quarters import FIRST_YEAR, LAST_STORED_YEAR
from core.scoping import ScopedQuerySet, own_enterprise
from enterprises.models import Enterprise

from .. import reasons
from ..choices import (
    CreditKind,
)
from .lists import ListEdition
from .schemes import ScoringRun


class CreditQuerySet(ScopedQuerySet):
    def scope_for(self, user):
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
    # What caused a record written from its source (names, codes, dates: ratings.reasons), so its
    # note reads in the reader's language; ``note`` is that text in the portal's language.
    params = models.JSONField(_("参数"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = CreditQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_type", "source_id"],
                name="credit_record_source_unique",
                condition=Q(source_id__isnull=False),
            ),
            # one red (black) list record per enterprise and quarter, whichever lists named it
            models.UniqueConstraint(
                fields=["enterprise", "run", "kind"],
                name="credit_record_list_once",
                condition=Q(run__isnull=False),
            ),
            models.CheckConstraint(
                name="credit_record_date_range",
                condition=Q(
                    occurred_on__gte=dt.date(FIRST_YEAR, 1, 1), occurred_on__lte=dt.date(LAST_STORED_YEAR, 12, 31)
                ),
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "occurred_on"], name="credit_record_enterprise")]

    def __str__(self):
        return f"{self.enterprise_id} {self.get_kind_display()} {self.points}"

    @property
    def note_text(self) -> str:
        """What caused the record, in the reader's language (a penalty: the officer's words)."""
        return reasons.credit_note(self.kind, self.params) or self.note
