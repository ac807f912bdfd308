"""Handling time limits (SLA) and the external systems allowed to push complaints."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import (
    Channel,
    Stage,
    Urgency,
)


class SlaPolicy(models.Model):
    """How many working hours a stage may take at an urgency (8 working hours = 1 working day)."""

    stage = models.CharField(_("环节"), max_length=8, choices=Stage.choices)
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices)
    working_hours = models.DecimalField(_("时限（工作小时）"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["stage", "urgency"]
        constraints = [models.UniqueConstraint(fields=["stage", "urgency"], name="sla_policy_unique")]

    def __str__(self):
        return f"{self.get_stage_display()} {self.get_urgency_display()} {self.working_hours}h"


class ApiClient(models.Model):
    """An external system (12345 hotline, Open311 client) allowed to push complaints."""

    name = models.CharField(_("名称"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices, default=Channel.API)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    hmac_secret = models.CharField(_("签名密钥"), max_length=64, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("接入系统")
        verbose_name_plural = _("接入系统")

    def __str__(self):
        return self.name

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, name: str, channel: str) -> tuple["ApiClient", str]:
        """Create a client; return it and its API key (shown once, stored only as a hash)."""
        key = secrets.token_urlsafe(32)
        client = cls.objects.create(
            name=name, channel=channel, key_hash=cls.hash_key(key), hmac_secret=secrets.token_hex(32)
        )
        return client, key
