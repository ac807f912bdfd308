"""Codes sent by SMS to owners signing in (``owners.signin``)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInCode(models.Model):
    """A one-time code sent to a phone that matched the roll, with the owners it matched.

    Neither the phone nor the code is stored: both as keyed hashes (``owners.identity``). A code
    works once, for ``OWNER_CODE_MINUTES``, and for at most ``OWNER_CODE_ATTEMPTS`` tries."""

    phone_hash = models.CharField(_("手机号码摘要"), max_length=64)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    owner_ids = ArrayField(models.BigIntegerField(), verbose_name=_("匹配的业主"))
    created = models.DateTimeField(_("发送时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("业主登录验证码")
        verbose_name_plural = _("业主登录验证码")
        indexes = [models.Index(fields=["phone_hash", "-created"], name="owners_signin_phone")]

    def __str__(self):
        return f"{self.phone_hash[:8]}… {self.created:%Y-%m-%d %H:%M}"
