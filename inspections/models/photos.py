"""The evidence photos of deductions and rectification answers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.photos import stored_name
from core.scoping import ScopedQuerySet

from .inspections import Deduction, Inspection
from .orders import RectificationOrder


def evidence_path(instance, filename):
    return stored_name("inspections", instance.content_type)


class PhotoQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        """Whoever may see the photo's inspection or rectification order."""
        return Q(deduction__inspection__in=Inspection.objects.visible_to(user)) | Q(
            order__in=RectificationOrder.objects.visible_to(user)
        )


class Photo(models.Model):
    """A content-checked, re-encoded photo backing a deduction or a rectification answer."""

    deduction = models.ForeignKey(Deduction, null=True, blank=True, on_delete=models.CASCADE, related_name="photos")
    order = models.ForeignKey(
        "RectificationOrder", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path)
    content_type = models.CharField(_("格式"), max_length=32)
    created = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")

    def __str__(self):
        return self.file.name

    @classmethod
    def store(cls, images, **owner) -> None:
        """Save images already checked by ``core.photos.clean_images`` for ``owner``
        (``deduction=…`` or ``order=…``)."""
        for img in images:
            photo = cls(content_type=img.content_type, **owner)
            photo.file.save("photo", img, save=False)
            photo.save()
