"""Summons (约谈) and the files filed with them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import StoredDocument
from core.scoping import ScopedQuerySet

from .querysets import SummonsQuerySet


class Summons(models.Model):
    """约谈: an enterprise's head called in, with the date, reason and outcome."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.CharField(_("被约谈人"), max_length=50)
    held_on = models.DateField(_("约谈日期"))
    reason = models.TextField(_("约谈事由"))
    outcome = models.TextField(_("约谈结果"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("约谈人"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("主管区域"), on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = SummonsQuerySet.as_manager()

    class Meta:
        verbose_name = _("约谈")
        verbose_name_plural = _("约谈")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.enterprise} {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:summons_detail", args=[self.pk])


class SummonsAttachmentQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        """Whoever may see the summons."""
        return Q(summons__in=Summons.objects.visible_to(user))


class SummonsAttachment(StoredDocument):
    """A photo or PDF filed with a summons (the notice, the minutes, a signed commitment),
    content-checked by ``core.attachments`` and served only to those who may see the summons."""

    folder = "summons"

    summons = models.ForeignKey(Summons, on_delete=models.CASCADE, related_name="attachments")

    objects = SummonsAttachmentQuerySet.as_manager()

    class Meta(StoredDocument.Meta):
        verbose_name = _("约谈附件")
        verbose_name_plural = _("约谈附件")
