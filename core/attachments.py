"""Document attachments, for every app: photos (checked and re-encoded by ``core.photos``) or
PDF files, judged by their content, never by their name or declared type; stored and served
by ``core.files``."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .photos import clean_images
from .text import strip_control

PDF = "application/pdf"
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", PDF: ".pdf"}
MAX_FILES = 9
MAX_PDF_BYTES = 10 * 1024 * 1024
NAME_MAX = 120


def max_pdf_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_PDF_BYTES", MAX_PDF_BYTES)


@dataclass
class CleanAttachment:
    """An accepted upload: its stored content, type, size and the name shown to people."""

    content: ContentFile
    content_type: str
    name: str

    @property
    def size(self) -> int:
        return self.content.size


def _is_pdf(data: bytes) -> bool:
    # A PDF starts with its header and ends (give or take trailing whitespace) with %%EOF.
    return data[:1024].lstrip().startswith(b"%PDF-") and b"%%EOF" in data[-2048:]


def _shown_name(upload, content_type: str) -> str:
    stem = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    stem = strip_control(stem)[: NAME_MAX - 5].strip() or _("附件")
    return stem + EXTENSIONS[content_type]


def clean_attachments(files) -> list[CleanAttachment]:
    """Validate uploads as JPG/PNG photos or PDF files; raise ``ValidationError`` naming the bad one.

    At most ``MAX_FILES`` files. A PDF must carry the PDF header and end marker and stay under
    ``ATTACHMENT_MAX_PDF_BYTES``; anything else must pass :func:`core.photos.clean_images`
    (size, format, pixel limits) and is re-encoded without its metadata.
    """
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise ValidationError(_("最多上传 %(n)d 个附件。") % {"n": MAX_FILES}, code="too_many")
    cleaned = []
    for upload in files:
        name = getattr(upload, "name", "") or _("附件")
        head = upload.read(5)
        upload.seek(0)
        if head == b"%PDF-" or name.lower().endswith(".pdf"):
            if upload.size > max_pdf_bytes():
                raise ValidationError(
                    _("“%(name)s”超过 %(mb)d MB。") % {"name": name, "mb": max_pdf_bytes() // (1024 * 1024)},
                    code="too_large",
                )
            data = upload.read()
            if not _is_pdf(data):
                raise ValidationError(_("“%(name)s”不是有效的 PDF 文件。") % {"name": name}, code="not_pdf")
            cleaned.append(CleanAttachment(ContentFile(data, name="attachment"), PDF, _shown_name(upload, PDF)))
            continue
        try:
            (image,) = clean_images([upload])
        except ValidationError as error:
            if error.code in ("not_image", "format"):
                raise ValidationError(
                    _("“%(name)s”不是可接受的文件：只能上传 JPG、PNG 图片或 PDF 文件。") % {"name": name},
                    code="file_type",
                ) from None
            raise
        cleaned.append(CleanAttachment(image, image.content_type, _shown_name(upload, image.content_type)))
    return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``MAX_FILES`` photos or PDF files, checked by content (:func:`clean_attachments`)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf,.pdf", "multiple": True})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if self.required and not files:
            raise ValidationError(_("请选择要上传的文件。"), code="required")
        return clean_attachments(files)
