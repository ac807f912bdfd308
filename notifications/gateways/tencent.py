"""Tencent Cloud SMS (腾讯云短信, API 2021-01-11) through its official SDK.

``SMS_BACKEND=notifications.gateways.tencent.TencentSmsBackend`` with ``SMS_ACCESS_KEY_ID`` and
``SMS_ACCESS_KEY_SECRET`` (SecretId and SecretKey), ``SMS_TENCENT_APP_ID`` (SmsSdkAppId),
``SMS_SIGN_NAME`` and a template id per kind in ``SMS_TEMPLATES`` (``"tencent": "123456"``).
Template parameters are positional (``{1}``, ``{2}`` …): ``params`` in ``SMS_TEMPLATES`` gives
their order. Tencent Cloud refuses links in parameters: a template that links to the rating
page holds the address itself and takes the link's ``token``.
A refusal comes as the API's error (``FailedOperation.TemplateIncorrectOrUnapproved`` …) or as the
number's status in SendStatusSet (``LimitExceeded.PhoneNumberDailyLimit`` …).
Receipts: PullSmsSendStatus, a queue of the application's receipts, each pulled once.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models as sms_models
from tencentcloud.sms.v20210111.sms_client import SmsClient

from ..backends import DeliveryError
from . import Receipt, classify, endpoint, template_for

logger = logging.getLogger(__name__)
PROVIDER = "tencent"
DEFAULT_REGION = "ap-guangzhou"
PULL_LIMIT = 100  # receipts per PullSmsSendStatus call (the API's maximum)
PULLS_PER_RUN = 20
# Limits on the request itself or on who may receive, not on the rate: no later try helps.
NOT_RATE_LIMITS = {"LimitExceeded.AppCountryOrRegionInBlacklist", "LimitExceeded.PhoneNumberCountLimit"}
RETRYABLE = {"FailedOperation.InsufficientBalanceInSmsPackage", "ServerNetworkError", "ClientNetworkError"}


def is_throttling(code: str) -> bool:
    return (code.startswith("LimitExceeded.") and code not in NOT_RATE_LIMITS) or code.startswith(
        "RequestLimitExceeded"
    )


def is_retryable(code: str) -> bool:
    """The gateway's own faults, an empty package, and the SDK's network errors (which carry the
    Python exception's name, ``ConnectionError``, as their code)."""
    return code.startswith(("InternalError", "ResourceUnavailable")) or code in RETRYABLE or "." not in code


def _error(code, message):
    return classify(str(code or "UnknownError"), message or "", throttling=is_throttling, retryable=is_retryable)


def e164(phone: str) -> str:
    """A mainland number as Tencent Cloud wants it: ``+86…``."""
    phone = phone.strip()
    return phone if phone.startswith("+") else f"+86{phone}"


class TencentSmsBackend:
    provider = PROVIDER

    def __init__(self):
        http = HttpProfile(reqTimeout=settings.SMS_GATEWAY_TIMEOUT)
        where = endpoint()
        if where:
            http.protocol, http.endpoint = where
            http.scheme = http.protocol
        cred = credential.Credential(settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET)
        self.client = SmsClient(cred, settings.SMS_REGION or DEFAULT_REGION, ClientProfile(httpProfile=http))

    def _call(self, method, request):
        try:
            return method(request)
        except TencentCloudSDKException as error:
            raise _error(error.get_code(), error.get_message()) from error
        except Exception as error:
            raise DeliveryError(f"{type(error).__name__}: {error}") from error

    def send(self, notification) -> str:
        code, params = template_for(notification, PROVIDER)
        request = sms_models.SendSmsRequest()
        request.SmsSdkAppId = settings.SMS_TENCENT_APP_ID
        request.SignName = settings.SMS_SIGN_NAME
        request.TemplateId = code
        request.TemplateParamSet = [value for _name, value in params]
        request.PhoneNumberSet = [e164(notification.address)]
        request.SessionContext = str(notification.pk)
        response = self._call(self.client.SendSms, request)
        statuses = response.SendStatusSet or []
        if not statuses:
            raise DeliveryError("SendSms answered without a status for the number")
        status = statuses[0]
        if status.Code != "Ok":
            raise _error(status.Code, status.Message)
        return status.SerialNo

    def receipts(self, notifications) -> list[Receipt]:
        """The receipts waiting in the application's queue (whichever messages they are for)."""
        found = []
        for _pull in range(PULLS_PER_RUN):
            request = sms_models.PullSmsSendStatusRequest()
            request.SmsSdkAppId = settings.SMS_TENCENT_APP_ID
            request.Limit = PULL_LIMIT
            try:
                response = self._call(self.client.PullSmsSendStatus, request)
            except Exception as error:
                logger.warning("PullSmsSendStatus failed: %s", error)
                break
            batch = response.PullSmsSendStatusSet or []
            for status in batch:
                at = dt.datetime.fromtimestamp(status.UserReceiveTime, dt.UTC) if status.UserReceiveTime else None
                delivered = status.ReportStatus == "SUCCESS"
                note = "" if delivered else (status.Description or status.ReportStatus or "")
                found.append(Receipt(provider_id=status.SerialNo, delivered=delivered, at=at, note=note))
            if len(batch) < PULL_LIMIT:
                break
        return found
