"""Objections (异议) to a draft quarter and their photos."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.files import StoredFile
from core.scoping import ScopedQuerySet, own_enterprise
from enterprises.models import Enterprise

from ..choices import (
    ObjectionStatus,
)
from .schemes import ScoringRun


class ObjectionQuerySet(ScopedQuerySet):
    def scope_for(self, user):
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


class ObjectionPhotoQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        return Q(objection__in=Objection.objects.visible_to(user))


class ObjectionPhoto(StoredFile):
    """A content-checked, re-encoded photo backing an objection."""

    folder = "objections"

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="photos")

    objects = ObjectionPhotoQuerySet.as_manager()

    class Meta(StoredFile.Meta):
        verbose_name = _("异议照片")
        verbose_name_plural = _("异议照片")
