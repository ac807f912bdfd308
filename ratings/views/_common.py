"""What the ratings pages share: who may open them, the confirmation message."""

from django.utils.translation import gettext_lazy


def _allowed(user) -> bool:
    return user.is_staff_side or user.is_enterprise_user


NOT_CONFIRMED = gettext_lazy("请核对公布内容并勾选确认后再公布。")
