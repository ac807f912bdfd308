"""Serving stored files to the few who may see them."""

from django.http import FileResponse


def private_image(field_file, content_type: str) -> FileResponse:
    """A stored photo as a response for one user: kept only in that browser's cache, and never
    sniffed as anything but the image type it was re-encoded to."""
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
