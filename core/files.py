"""Stored files, for every app: the one abstract model of an upload already checked by
``core.photos`` (photos, re-encoded without metadata) or ``core.attachments`` (photos or PDF
files), kept under a random name, and the one way it is served: only to those who may see its
object, never sniffed, under a name the browser cannot misread."""

from __future__ import annotations

import posixpath
import secrets

from django.conf import settings
from django.db import models
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attachments import EXTENSIONS, PDF, CleanAttachment
from .cache_headers import PRIVATE
from .text import strip_control

IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})
DOCUMENT_TYPES = IMAGE_TYPES | {PDF}
# Served to the browser only under one of the accepted types; anything else is downloaded as bytes.
OPAQUE = "application/octet-stream"


def stored_name(folder: str, content_type: str) -> str:
    """Where a checked upload is stored: ``<folder>/<year>/<month>/<random>.<ext>``. The uploaded
    name is never trusted nor kept in the path."""
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{EXTENSIONS.get(content_type, '.bin')}"


def upload_path(instance: StoredFile, filename: str) -> str:
    """``upload_to`` of every stored file: under its model's ``folder``, by its content type."""
    return stored_name(instance.folder, instance.content_type)


class StoredFile(models.Model):
    """A checked upload kept under a random name: a subclass names its ``folder`` under
    MEDIA_ROOT, the ``accepted`` content types, and which facts of the checked upload it records
    besides its type (``recorded``); it keeps its own foreign key to the object the file belongs
    to, and its queryset's ``visible_to`` decides who may fetch it (:func:`serve`)."""

    folder = "files"
    accepted = IMAGE_TYPES
    recorded: tuple[str, ...] = ()

    file = models.FileField(_("文件"), upload_to=upload_path)
    content_type = models.CharField(_("格式"), max_length=32)
    created = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created", "pk"]

    def __str__(self):
        return self.file.name

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES

    @property
    def download_name(self) -> str:
        """The name the browser is given: the stored file's own unless the model keeps another."""
        return posixpath.basename(self.file.name)

    @classmethod
    def store(cls, uploads, **fields) -> list:
        """Save uploads checked by ``core.photos.clean_images`` or
        ``core.attachments.clean_attachments``, one row each with ``fields`` (the owner, who
        uploaded, a kind). A type the model does not accept is a programming error: the form or
        serializer should have used the other check."""
        rows = []
        for upload in uploads:
            if upload.content_type not in cls.accepted:
                raise ValueError(f"{cls.__name__} does not accept {upload.content_type!r}")
            content = upload.content if isinstance(upload, CleanAttachment) else upload
            facts = {name: getattr(upload, name) for name in cls.recorded}
            row = cls(content_type=upload.content_type, **facts, **fields)
            row.file.save("upload", content, save=False)
            row.save()
            rows.append(row)
        return rows

    def response(self) -> FileResponse:
        """This file as a private, uncached response the browser will not sniff: an image shown
        inline, anything else downloaded, named by :attr:`download_name` (RFC 6266 quoting, UTF-8
        names as ``filename*``, line breaks flattened). Call it only for a file the user may see
        (:func:`serve`)."""
        content_type = self.content_type if self.content_type in DOCUMENT_TYPES else OPAQUE
        response = FileResponse(
            self.file.open("rb"),
            content_type=content_type,
            as_attachment=content_type not in IMAGE_TYPES,
            filename=" ".join(strip_control(self.download_name).split()),
        )
        response["Cache-Control"] = PRIVATE  # whoever asks: a shared office computer keeps nothing
        response["X-Content-Type-Options"] = "nosniff"
        return response


class StoredDocument(StoredFile):
    """A photo or PDF file filed by a user, with the name it is shown and downloaded under."""

    accepted = DOCUMENT_TYPES
    recorded = ("name", "size")

    name = models.CharField(_("文件名"), max_length=120)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta(StoredFile.Meta):
        abstract = True

    def __str__(self):
        return self.name

    @property
    def download_name(self) -> str:
        return self.name


def serve(request, files, pk) -> FileResponse:
    """The stored file ``pk`` of ``files`` (a manager or queryset with ``visible_to``) if
    ``request.user`` may see it; 404 otherwise, so a guessed id reveals nothing."""
    return get_object_or_404(files.visible_to(request.user), pk=pk).response()
