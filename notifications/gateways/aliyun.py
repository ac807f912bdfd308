"""Alibaba Cloud SMS (阿里云短信服务, Dysmsapi 2017-05-25) through its official SDK.

``SMS_BACKEND=notifications.gateways.aliyun.AliyunSmsBackend`` with ``SMS_ACCESS_KEY_ID``,
``SMS_ACCESS_KEY_SECRET`` (a RAM user's AccessKey allowed SendSms and QuerySendDetails),
``SMS_SIGN_NAME`` and a template code per kind in ``SMS_TEMPLATES`` (``"aliyun": "SMS_…"``).
SendSms answers HTTP 200 with ``Code`` ``OK`` and a ``BizId``, or with the refusal's code
(``isv.BUSINESS_LIMIT_CONTROL`` rate limit, ``isv.SMS_TEMPLATE_ILLEGAL`` template not approved …).
Receipts: QuerySendDetails per sent message (BizId, number, day sent).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

from alibabacloud_dysmsapi20170525 import models as dysms
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_tea_openapi.utils_models import Config
from darabonba.runtime import RuntimeOptions
from django.conf import settings
from django.utils import timezone

from ..backends import DeliveryError
from . import Receipt, classify, endpoint, template_for

logger = logging.getLogger(__name__)
PROVIDER = "aliyun"
DEFAULT_REGION = "cn-hangzhou"
# QuerySendDetails' SendStatus: 1 waiting for the carrier's report, 2 failed, 3 delivered.
WAITING, UNDELIVERED, DELIVERED = 1, 2, 3


def is_throttling(code: str) -> bool:
    """Rate limits: per number per minute/hour/day (isv.BUSINESS_LIMIT_CONTROL and its kin) and
    the API's own request limits (Throttling.*)."""
    upper = code.upper()
    return "LIMIT_CONTROL" in upper or upper.startswith(("ISV.BUSINESS_LIMIT", "THROTTLING"))


def is_retryable(code: str) -> bool:
    """The gateway's own faults and an exhausted balance: worth trying again."""
    return code.startswith("isp.") or code in {
        "isv.AMOUNT_NOT_ENOUGH",
        "isv.OUT_OF_SERVICE",
        "isv.BILLING_DEDUCTION_ERROR",
        "isv.DATA_NOT_EXIST",
        "ServiceUnavailable",
        "InternalError",
    }


def _error(code, message, retry_after=None):
    return classify(str(code), message or "", throttling=is_throttling, retryable=is_retryable, retry_after=retry_after)


class AliyunSmsBackend:
    provider = PROVIDER

    def __init__(self):
        where = endpoint()
        config = Config(
            access_key_id=settings.SMS_ACCESS_KEY_ID,
            access_key_secret=settings.SMS_ACCESS_KEY_SECRET,
            region_id=settings.SMS_REGION or DEFAULT_REGION,
        )
        if where:
            config.protocol, config.endpoint = where
        self.client = Client(config)
        timeout_ms = settings.SMS_GATEWAY_TIMEOUT * 1000
        # No retries inside the SDK: the outbox retries, and counts the attempts.
        self.runtime = RuntimeOptions(autoretry=False, connect_timeout=timeout_ms, read_timeout=timeout_ms)

    def _call(self, method, request):
        try:
            return method(request, self.runtime).body
        except AlibabaCloudException as error:  # HTTP 4xx/5xx with the gateway's code
            raise _error(error.code, error.message, getattr(error, "retry_after", None)) from error
        except Exception as error:  # network, timeout, an unreadable answer
            raise DeliveryError(f"{type(error).__name__}: {error}") from error

    def send(self, notification) -> str:
        code, params = template_for(notification, PROVIDER)
        request = dysms.SendSmsRequest(
            phone_numbers=notification.address,
            sign_name=settings.SMS_SIGN_NAME,
            template_code=code,
            template_param=json.dumps(dict(params), ensure_ascii=False) if params else None,
            out_id=str(notification.pk),
        )
        body = self._call(self.client.send_sms_with_options, request)
        if body.code != "OK":
            raise _error(body.code, body.message)
        return body.biz_id

    def receipts(self, notifications) -> list[Receipt]:
        """The receipts of these sent messages that the carrier has reported."""
        found = []
        for notification in notifications:
            request = dysms.QuerySendDetailsRequest(
                phone_number=notification.address,
                biz_id=notification.provider_id,
                send_date=timezone.localtime(notification.sent_at).strftime("%Y%m%d"),
                page_size=10,
                current_page=1,
            )
            try:
                body = self._call(self.client.query_send_details_with_options, request)
            except Exception as error:  # one failed query must not stop the others
                logger.warning("QuerySendDetails for notification %s failed: %s", notification.pk, error)
                continue
            details = body.sms_send_detail_dtos.sms_send_detail_dto if body.sms_send_detail_dtos else []
            for detail in details or []:
                if detail.send_status in (DELIVERED, UNDELIVERED):
                    found.append(
                        Receipt(
                            provider_id=notification.provider_id,
                            delivered=detail.send_status == DELIVERED,
                            at=_local_time(detail.receive_date),
                            note=detail.err_code or "",
                        )
                    )
                    break
        return found


def _local_time(value: str | None) -> datetime | None:
    """``2026-05-08 16:44:13`` in China time, as an aware datetime."""
    try:
        return timezone.make_aware(datetime.strptime(value or "", "%Y-%m-%d %H:%M:%S"))
    except ValueError:
        return None
