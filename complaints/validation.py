"""What a complaint's content must be, whatever channel brings it: the public form, the staff
form, the officer API, Open311, the 12345 push and the spreadsheet import all call these, and
``workflow.submit`` checks the text again, so no channel can store what another would refuse."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DESCRIPTION_MIN_LENGTH = 5
DESCRIPTION_MAX_LENGTH = 2000

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", gettext_lazy("请输入有效的 11 位手机号码。"))


def clean_description(text) -> str:
    """The complaint text, stripped; refused when shorter or longer than the bounds."""
    text = str(text or "").strip()
    if len(text) < DESCRIPTION_MIN_LENGTH:
        message = _("诉求内容过短，请至少用 %(n)d 个字描述问题。") % {"n": DESCRIPTION_MIN_LENGTH}
        raise ValidationError(message, code="description_too_short")
    if len(text) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            _("诉求内容过长：最多 %(n)d 个字，现有 %(len)d 个字。") % {"n": DESCRIPTION_MAX_LENGTH, "len": len(text)},
            code="description_too_long",
        )
    return text


def check_resident_photo_quota(complaint, adding: int) -> None:
    """A resident's photos on one complaint, filed and supplemented, stay within the form's cap
    (``COMPLAINT_MAX_PHOTOS``): supplements cannot pile up photos without end."""
    from .choices import AttachmentKind

    if not adding:
        return
    stored = complaint.attachments.filter(kind__in=[AttachmentKind.COMPLAINT, AttachmentKind.SUPPLEMENT]).count()
    left = settings.COMPLAINT_MAX_PHOTOS - stored
    if adding > left:
        raise ValidationError(
            _("每件投诉最多 %(n)d 张照片，还可以上传 %(left)d 张。")
            % {"n": settings.COMPLAINT_MAX_PHOTOS, "left": max(left, 0)},
            code="quota",
        )
