"""Photos attached to a complaint, content-checked and re-encoded without metadata."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import StoredFile

from ..choices import (
    AttachmentKind,
)
from .complaints import Complaint


class Attachment(StoredFile):
    """A photo of the complaint, its answer or a supplement; served only to those who may see its
    complaint (``complaints.views_public.attachment``)."""

    folder = "complaints"
    recorded = ("size", "width", "height")

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=AttachmentKind.choices, default=AttachmentKind.COMPLAINT)
    size = models.PositiveIntegerField(_("大小"))
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))

    class Meta(StoredFile.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
