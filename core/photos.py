"""Photo uploads, for every app: images only, judged by their content, re-encoded without
metadata; stored and served by ``core.files``."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/jpeg",
    "GIF": "image/png",
    "MPO": "image/jpeg",
}


@dataclass
class _Probe:
    """An upload whose header was read: format and pixel size known, nothing decoded yet."""

    name: str
    data: bytes
    fmt: str
    width: int
    height: int


def clean_images(files) -> list[ContentFile]:
    """Validate and re-encode uploaded photos; raise ``ValidationError`` naming the bad one.

    Refuses more than ``COMPLAINT_MAX_PHOTOS`` files, files over ``COMPLAINT_MAX_PHOTO_BYTES``,
    anything Pillow does not recognise as an image of an allowed format (whatever its name or
    declared type says), images over ``COMPLAINT_MAX_PHOTO_PIXELS`` and requests whose photos
    add up to more than ``COMPLAINT_MAX_TOTAL_PIXELS``. Sizes are read from the headers before
    any photo is decoded: a small PNG of 9,400 × 9,400 pixels costs hundreds of MB to decode.
    What passes is re-encoded (JPEG or PNG) at most ``COMPLAINT_PHOTO_MAX_SIDE`` pixels wide
    and high, which drops EXIF (GPS position, device) and any payload appended to the file.
    """
    files = [f for f in files if f]
    if len(files) > settings.COMPLAINT_MAX_PHOTOS:
        raise ValidationError(_("最多上传 %(n)d 张照片。") % {"n": settings.COMPLAINT_MAX_PHOTOS}, code="too_many")
    probes = [_probe(f) for f in files]
    _check_pixels(probes)
    return [_decode(p) for p in probes]


def _probe(upload) -> _Probe:
    name = getattr(upload, "name", "") or _("照片")
    if upload.size > settings.COMPLAINT_MAX_PHOTO_BYTES:
        raise ValidationError(
            _("“%(name)s”超过 %(mb)d MB。") % {"name": name, "mb": settings.COMPLAINT_MAX_PHOTO_BYTES // (1024 * 1024)},
            code="too_large",
        )
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # judged by _check_pixels
            with Image.open(io.BytesIO(data)) as header:  # reads the header only
                fmt, (width, height) = header.format, header.size
    except Image.DecompressionBombError:
        raise ValidationError(_("“%(name)s”像素尺寸过大，不予接收。") % {"name": name}, code="bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("“%(name)s”不是有效的图片文件。") % {"name": name}, code="not_image") from None
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError(_("“%(name)s”的图片格式不受支持，请上传 JPG 或 PNG。") % {"name": name}, code="format")
    return _Probe(name, data, fmt, width, height)


def _check_pixels(probes: list[_Probe]) -> None:
    for p in probes:
        if p.width * p.height > settings.COMPLAINT_MAX_PHOTO_PIXELS:
            raise ValidationError(
                _("“%(name)s”像素尺寸过大（%(w)d × %(h)d），每张不超过 %(mp)d 百万像素。")
                % {"name": p.name, "w": p.width, "h": p.height, "mp": settings.COMPLAINT_MAX_PHOTO_PIXELS // 10**6},
                code="bomb",
            )
    if sum(p.width * p.height for p in probes) > settings.COMPLAINT_MAX_TOTAL_PIXELS:
        raise ValidationError(
            _("照片像素总量过大（每次合计不超过 %(mp)d 百万像素），请减少张数或缩小后再上传。")
            % {"mp": settings.COMPLAINT_MAX_TOTAL_PIXELS // 10**6},
            code="too_many_pixels",
        )


def _decode(probe: _Probe) -> ContentFile:
    side = settings.COMPLAINT_PHOTO_MAX_SIDE
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(probe.data)) as check:
                check.verify()  # structure check without decoding
            image = Image.open(io.BytesIO(probe.data))
            if probe.fmt in ("JPEG", "MPO"):
                image.draft("RGB", (side, side))  # JPEG decodes at 1/2, 1/4 or 1/8 scale: less memory
            image.load()  # decodes: truncated or malformed data fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("“%(name)s”像素尺寸过大，不予接收。") % {"name": probe.name}, code="bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("“%(name)s”不是有效的图片文件。") % {"name": probe.name}, code="not_image") from None
    image.thumbnail((side, side))
    return _encode(image, ALLOWED_FORMATS[probe.fmt])


def recheck(data: bytes, name: str) -> ContentFile:
    """A photo this module cleaned and stored, read back (held across a failed submission):
    checked as an upload is, but not re-encoded a second time."""
    probe = _probe(ContentFile(data, name=name))
    _check_pixels([probe])
    try:
        with Image.open(io.BytesIO(data)) as check:
            check.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("“%(name)s”不是有效的图片文件。") % {"name": name}, code="not_image") from None
    photo = ContentFile(data, name="photo")
    photo.content_type = ALLOWED_FORMATS[probe.fmt]
    photo.width, photo.height = probe.width, probe.height
    return photo


def check_together(images) -> None:
    """Photos held from before plus those chosen now: at most ``COMPLAINT_MAX_PHOTOS`` and
    ``COMPLAINT_MAX_TOTAL_PIXELS`` together, as one upload would be."""
    if len(images) > settings.COMPLAINT_MAX_PHOTOS:
        raise ValidationError(_("最多上传 %(n)d 张照片。") % {"n": settings.COMPLAINT_MAX_PHOTOS}, code="too_many")
    if sum(i.width * i.height for i in images) > settings.COMPLAINT_MAX_TOTAL_PIXELS:
        raise ValidationError(
            _("照片像素总量过大（每次合计不超过 %(mp)d 百万像素），请减少张数或缩小后再上传。")
            % {"mp": settings.COMPLAINT_MAX_TOTAL_PIXELS // 10**6},
            code="too_many_pixels",
        )


def _encode(image, content_type: str) -> ContentFile:
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
