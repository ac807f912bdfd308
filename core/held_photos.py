"""Photos held across a failed submission: a resident's form comes back (a wrong captcha, a
missing field) and the browser has forgotten the chosen files, so the photos that passed the
checks are kept for a while and the form carries a signed token naming them.

The photos are stored as cleaned (:func:`core.photos.clean_images`: re-encoded, no metadata)
under random names in an hourly folder; the token is signed and expires after
``HELD_PHOTOS_HOURS``, and :func:`sweep` deletes the folders past that age. On the next
submission the held photos are read back and checked again (:func:`core.photos.recheck`). The
page shows them as small inline thumbnails: no URL serves a held photo.
"""

from __future__ import annotations

import base64
import contextlib
import io
import os
import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from .attachments import EXTENSIONS
from .photos import recheck

FOLDER = "held"
SALT = "core.held_photos"
HOUR_FORMAT = "%Y%m%d%H"
_NAME = re.compile(rf"^{FOLDER}/\d{{10}}/[0-9a-f]{{32}}\.(jpg|png)$")
THUMBNAIL_SIDE = 160


def max_age() -> timedelta:
    return timedelta(hours=settings.HELD_PHOTOS_HOURS)


def _store(image: ContentFile) -> str:
    ext = EXTENSIONS.get(getattr(image, "content_type", ""), ".jpg")
    name = f"{FOLDER}/{timezone.now():{HOUR_FORMAT}}/{secrets.token_hex(16)}{ext}"
    image.seek(0)
    return default_storage.save(name, ContentFile(image.read()))


def hold(images) -> str:
    """Store the photos not yet held and return the token naming them all ("" for none)."""
    names = [getattr(image, "held_name", None) or _store(image) for image in images]
    return signing.dumps(names, salt=SALT, compress=True) if names else ""


def names(token: str | None) -> list[str]:
    """The stored names a token holds: none for a forged, altered or expired token."""
    if not token:
        return []
    try:
        found = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.BadSignature:  # SignatureExpired included
        return []
    if not isinstance(found, list) or len(found) > settings.COMPLAINT_MAX_PHOTOS:
        return []
    return [n for n in found if isinstance(n, str) and _NAME.match(n) and default_storage.exists(n)]


def restore(token: str | None, *, drop=()) -> list[ContentFile]:
    """The held photos, checked again, but those whose position is in ``drop`` (the resident
    took them off); each remembers its stored name, so holding it again stores nothing."""
    dropped = {str(d) for d in drop}
    photos = []
    for index, name in enumerate(names(token)):
        if str(index) in dropped:
            continue
        with default_storage.open(name, "rb") as stored:
            photo = recheck(stored.read(), name)
        photo.held_name = name
        photos.append(photo)
    return photos


def release(*tokens: str | None, keep=()) -> None:
    """Delete the photos of ``tokens`` (the complaint took copies, or the resident dropped
    them), but those named in ``keep``."""
    kept = set(keep)
    for token in tokens:
        for name in names(token):
            if name not in kept:
                default_storage.delete(name)


def thumbnails(token: str | None) -> list[dict]:
    """``{"index", "src"}`` per held photo: ``src`` a small JPEG as a data URL."""
    shown = []
    for index, name in enumerate(names(token)):
        try:
            with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
                image.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))  # JPEG: decoded at a fraction
                image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
                out = io.BytesIO()
                image.convert("RGB").save(out, "JPEG", quality=70)
        except (OSError, ValidationError):
            continue
        shown.append({"index": index, "src": "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()})
    return shown


def sweep(now: datetime | None = None) -> int:
    """Delete the hourly folders whose every token has expired (the folder's hour, its last
    minute and the tokens' age past). Returns how many files went."""
    now = now or timezone.now()
    limit = (now - max_age() - timedelta(hours=1)).strftime(HOUR_FORMAT)
    try:
        folders, _files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for folder in folders:
        if re.fullmatch(r"\d{10}", folder) and folder <= limit:
            _subfolders, files = default_storage.listdir(f"{FOLDER}/{folder}")
            for name in files:
                default_storage.delete(f"{FOLDER}/{folder}/{name}")
                deleted += 1
            _remove_directory(f"{FOLDER}/{folder}")
    return deleted


def _remove_directory(name: str) -> None:
    """The emptied hourly folder, on file storage (an object store has no directories)."""
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(default_storage.path(name))
