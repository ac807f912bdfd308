"""Photos attached to a complaint, content-checked and re-encoded without metadata."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.photos import stored_name

from ..choices import (
    AttachmentKind,
)
from .complaints import Complaint


def attachment_path(instance, filename):
    return stored_name("complaints", instance.content_type)


class Attachment(models.Model):
    """A photo, content-checked and re-encoded without metadata; served only to those who may
    see its complaint."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=AttachmentKind.choices, default=AttachmentKind.COMPLAINT)
    file = models.FileField(_("文件"), upload_to=attachment_path)
    content_type = models.CharField(_("格式"), max_length=32)
    size = models.PositiveIntegerField(_("大小"))
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))
    created = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["created", "id"]

    def __str__(self):
        return self.file.name

    @classmethod
    def store(cls, complaint, images, kind: str) -> list:
        """Save photos already checked by ``core.photos.clean_images`` as ``kind`` attachments."""
        saved = []
        for img in images:
            attachment = cls(
                complaint=complaint, kind=kind, content_type=img.content_type, size=img.size, width=img.width,
                height=img.height,
            )  # fmt: skip
            attachment.file.save("photo", img, save=False)
            attachment.save()
            saved.append(attachment)
        return saved
