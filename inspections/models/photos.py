"""The evidence photos of deductions and rectification answers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.files import StoredFile
from core.scoping import ScopedQuerySet

from .inspections import Deduction, Inspection
from .orders import RectificationOrder


class PhotoQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        """Whoever may see the photo's inspection or rectification order."""
        return Q(deduction__inspection__in=Inspection.objects.visible_to(user)) | Q(
            order__in=RectificationOrder.objects.visible_to(user)
        )


class Photo(StoredFile):
    """A content-checked, re-encoded photo backing a deduction or a rectification answer, stored
    with ``Photo.store(images, deduction=…)`` or ``order=…``."""

    folder = "inspections"

    deduction = models.ForeignKey(Deduction, null=True, blank=True, on_delete=models.CASCADE, related_name="photos")
    order = models.ForeignKey(
        "RectificationOrder", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )

    objects = PhotoQuerySet.as_manager()

    class Meta(StoredFile.Meta):
        verbose_name = _("照片")
        verbose_name_plural = _("照片")
