"""System checks (``manage.py check``, run by ``migrate`` too): a template SMS gateway needs its
keys and a template for every kind of SMS the portal sends."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string

from .choices import SMS_PARAMETERS, SmsKind


@register()
def sms_gateway_settings(app_configs=None, **kwargs):
    problems = []
    for kind, spec in settings.SMS_TEMPLATES.items():
        if kind not in SmsKind.values:
            problems.append(
                Error(
                    f"SMS_TEMPLATES names {kind!r}, which is no kind of SMS.",
                    hint=f"Kinds: {', '.join(SmsKind.values)}.",
                    id="notifications.E001",
                )
            )
            continue
        unknown = [name for name in spec.get("params") or [] if name not in SMS_PARAMETERS[kind]]
        if unknown:
            problems.append(
                Error(
                    f"SMS_TEMPLATES[{kind!r}] names parameters the {kind!r} SMS does not carry: {', '.join(unknown)}.",
                    hint=f"It carries {', '.join(SMS_PARAMETERS[kind])}.",
                    id="notifications.E002",
                )
            )
    try:
        provider = getattr(import_string(settings.NOTIFICATION_BACKENDS["sms"]), "provider", None)
    except ImportError as error:
        return [*problems, Error(f"SMS_BACKEND cannot be imported: {error}", id="notifications.E003")]
    if provider is None:  # a free-text backend
        return problems
    missing = [
        name for name in ("SMS_ACCESS_KEY_ID", "SMS_ACCESS_KEY_SECRET", "SMS_SIGN_NAME") if not getattr(settings, name)
    ]
    if provider == "tencent" and not settings.SMS_TENCENT_APP_ID:
        missing.append("SMS_TENCENT_APP_ID")
    if missing:
        problems.append(Error(f"The {provider} SMS gateway needs {', '.join(missing)}.", id="notifications.E004"))
    without = [kind for kind in SmsKind.values if not (settings.SMS_TEMPLATES.get(kind) or {}).get(provider)]
    if without:
        problems.append(
            Warning(
                f"SMS_TEMPLATES has no {provider} template code for {', '.join(without)}: these SMS will be "
                "rejected (shown as 被拒绝 in the admin).",
                id="notifications.W001",
            )
        )
    return problems
