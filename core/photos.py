"""Photo uploads, for every app: images only, judged by their content, re-encoded without
metadata, stored under a random name and served only to those who may see their object."""

from __future__ import annotations

import io
import secrets
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/jpeg",
    "GIF": "image/png",
    "MPO": "image/jpeg",
}
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}


def stored_name(folder: str, content_type: str) -> str:
    """Where a cleaned image is stored: ``<folder>/<year>/<month>/<random>.<ext>``. The uploaded
    name is never trusted nor kept."""
    ext = EXTENSIONS.get(content_type, ".jpg")
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{ext}"


def clean_images(files) -> list[ContentFile]:
    """Validate and re-encode uploaded photos; raise ``ValidationError`` naming the bad one.

    Refuses more than ``COMPLAINT_MAX_PHOTOS`` files, files over ``COMPLAINT_MAX_PHOTO_BYTES``,
    anything Pillow does not recognise as an image of an allowed format (whatever its name or
    declared type says) and decompression bombs. What passes is re-encoded (JPEG or PNG), which
    drops EXIF (GPS position, device) and any payload appended to the file.
    """
    files = [f for f in files if f]
    if len(files) > settings.COMPLAINT_MAX_PHOTOS:
        raise ValidationError(_("最多上传 %(n)d 张照片。") % {"n": settings.COMPLAINT_MAX_PHOTOS}, code="too_many")
    return [_clean_one(f) for f in files]


def _clean_one(upload) -> ContentFile:
    name = getattr(upload, "name", "") or _("照片")
    if upload.size > settings.COMPLAINT_MAX_PHOTO_BYTES:
        raise ValidationError(
            _("“%(name)s”超过 %(mb)d MB。") % {"name": name, "mb": settings.COMPLAINT_MAX_PHOTO_BYTES // (1024 * 1024)},
            code="too_large",
        )
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()  # structure check without decoding
            image = Image.open(io.BytesIO(data))
            fmt = image.format
            image.load()  # decodes: truncated or malformed data fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("“%(name)s”像素尺寸过大，不予接收。") % {"name": name}, code="bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("“%(name)s”不是有效的图片文件。") % {"name": name}, code="not_image") from None
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError(_("“%(name)s”的图片格式不受支持，请上传 JPG 或 PNG。") % {"name": name}, code="format")
    content_type = ALLOWED_FORMATS[fmt]
    out = io.BytesIO()
    if content_type == "image/jpeg":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    cleaned = ContentFile(out.getvalue(), name="photo")
    cleaned.content_type = content_type
    cleaned.width, cleaned.height = image.size
    return cleaned


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to COMPLAINT_MAX_PHOTOS images, checked by content and re-encoded (:func:`clean_images`)."""

    widget = MultipleImageInput(attrs={"accept": "image/*", "multiple": True})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return clean_images(files)


def photo_response(file, content_type: str) -> FileResponse:
    """A stored photo as a private, cacheable response the browser will not sniff."""
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
