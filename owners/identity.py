"""Owners' identity numbers and phones: never stored or shown in clear.

An ID number is kept as two keyed hashes (HMAC-SHA256 with ``settings.OWNER_ID_HASH_KEY``) and
its last four characters: the hash of the whole number matches an owner across imports (the
same person is one owner of a project), the hash of its last six characters matches an owner
signing in (phone + last six), and the last four are what a page shows. Without the key neither
hash can be reversed by trying every number; with the key in another place than the database,
a copy of the database alone reveals no ID number.

Phones are kept (SMS goes to them) and shown masked (138****1234) to everyone but the owner.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from enterprises.models import validate_uscc

from .choices import IdKind

MOBILE = re.compile(r"1[3-9][0-9]{9}", re.ASCII)
OTHER_ID = re.compile(r"[A-Z0-9]{6,30}", re.ASCII)
RESIDENT_ID = re.compile(r"[1-8][0-9]{16}[0-9X]", re.ASCII)
# GB 11643-1999: the check character of the first 17 digits, weighted 2^(17-i) mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def resident_id_check(body: str) -> str:
    """The check character of a resident ID's first 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def is_resident_id(text: str) -> bool:
    """18 characters (a province code, a real birth date, the check character right). The area
    code is not looked up: codes change, and an owner's ID keeps the one of their birth."""
    if not RESIDENT_ID.fullmatch(text) or resident_id_check(text[:17]) != text[17]:
        return False
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    return dt.date(1890, 1, 1) <= born <= dt.date.today()


@cache
def _key(key_setting: str) -> bytes:
    return key_setting.encode()


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` under the owners' key, one purpose per kind of value (so a hash
    of a whole ID number never equals the hash of a tail that happens to read the same)."""
    message = f"{purpose}:{value}".encode()
    return hmac.new(_key(settings.OWNER_ID_HASH_KEY), message, hashlib.sha256).hexdigest()


def id_hash(number: str) -> str:
    return keyed_hash("id", number)


def tail_hash(last_six: str) -> str:
    return keyed_hash("tail", last_six.upper())


def phone_hash(phone: str) -> str:
    return keyed_hash("phone", phone)


def normalise_id(kind: str, raw) -> str:
    """The ID number as compared: ASCII letters upper-cased, no spaces; ``ValidationError``
    for a number that is not one of ``kind`` (a resident ID's check digit is verified)."""
    text = str(raw if raw is not None else "").strip().replace(" ", "").upper()
    if not text:
        raise ValidationError(_("请填写证件号码。"), code="required")
    if not text.isascii():
        raise ValidationError(_("证件号码只能包含半角数字和字母。"), code="id_characters")
    if kind == IdKind.RESIDENT:
        if not is_resident_id(text):
            raise ValidationError(
                _("居民身份证号码不正确（18 位，出生日期有效，末位校验码须正确）。"), code="id_invalid"
            )
        return text
    if kind == IdKind.USCC:
        validate_uscc(text)
        return text
    if not OTHER_ID.fullmatch(text):
        raise ValidationError(_("证件号码应为 6 至 30 位半角字母或数字。"), code="id_invalid")
    return text


def check_mobile(raw) -> str:
    """A mobile number (11 ASCII digits, 1[3-9]…); ``ValidationError`` otherwise."""
    text = str(raw if raw is not None else "").strip()
    if not MOBILE.fullmatch(text):
        raise ValidationError(_("请输入有效的 11 位手机号码。"), code="mobile")
    return text


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone or "") == 11 else ("****" if phone else "")


def mask_id(last4: str) -> str:
    return f"************{last4}" if last4 else ""
