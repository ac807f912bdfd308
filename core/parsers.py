"""DRF parsers for bodies from outside: JSON with limits (core.jsonsafe), and form bodies, all
with control characters stripped from their text (core.text)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser

from .jsonsafe import JSONRejected, loads
from .text import strip_control_querydict


class SafeJSONParser(JSONParser):
    """DRF's JSON parser with :func:`loads`' limits; errors are 400 with a Chinese message."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) if stream is not None else b""
        if len(raw) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise ParseError(_("请求体过大。"))
        try:
            return loads(raw) if raw else {}
        except JSONRejected as error:
            raise ParseError(str(error)) from None


class CleanFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return strip_control_querydict(super().parse(stream, media_type, parser_context))


class CleanMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        return DataAndFiles(strip_control_querydict(parsed.data), parsed.files)
