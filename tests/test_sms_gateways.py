"""SMS that a Chinese gateway accepts (issue 24, item 5): every SMS stores its kind and named
parameters, and the Alibaba Cloud and Tencent Cloud backends send the kind's approved template
through the official SDKs. The SDKs talk to a local stub of each provider's endpoint, started
here, that answers as the provider does: sent, rate limited (retried later by the outbox),
template refused (reported, not retried); delivery receipts are pulled and recorded."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.checks import run_checks
from django.utils import timezone

from complaints import workflow
from complaints.choices import Status
from notifications import outbox, receipts
from notifications.apps import NotificationsConfig
from notifications.backends import DeliveryError
from notifications.choices import SMS_PARAMETERS, NotificationStatus, ReceiptStatus, SmsKind
from notifications.models import Notification
from notifications.tasks import deliver_notification

from .factories import make_complaint

ALIYUN = "notifications.gateways.aliyun.AliyunSmsBackend"
TENCENT = "notifications.gateways.tencent.TencentSmsBackend"
KEY_ID, KEY_SECRET = "LTAI-test-key-id", "test-key-secret"


class ProviderStub:
    """A local HTTP server answering as Alibaba Cloud's (RPC, action in ``x-acs-action``) or
    Tencent Cloud's (JSON, action in ``X-TC-Action``) SMS API. ``answers[action]`` is a list of
    answers given in turn (the last one repeats): ``(http_status, json_body)``."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: dict[str, list[tuple[int, dict]]] = {}
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "X-TC-Action" in self.headers:
                    provider, action, params = "tencent", self.headers["X-TC-Action"], json.loads(raw or b"{}")
                else:
                    provider, action = "aliyun", self.headers.get("x-acs-action")
                    params = dict(parse_qsl(urlsplit(self.path).query))
                    params.update(parse_qsl(raw.decode()))
                stub.requests.append(
                    {
                        "provider": provider,
                        "action": action,
                        "params": params,
                        "authorization": self.headers.get("Authorization", ""),
                    }
                )
                queue = stub.answers.get(action) or [(404, {"Code": "NotFound", "Message": action})]
                status, body = queue.pop(0) if len(queue) > 1 else queue[0]
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                # As each provider labels its answers (Tencent's SDK reads errors only from this one).
                kind = "application/json" if provider == "tencent" else "application/json;charset=utf-8"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, action, *answers):
        self.answers[action] = list(answers)

    def sent(self, action="SendSms"):
        return [r for r in self.requests if r["action"] == action]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    server = ProviderStub()
    yield server
    server.close()


TEMPLATES = {
    SmsKind.COMPLAINT_SUBMITTED: {"aliyun": "SMS_100001", "tencent": "200001", "params": ["code"]},
    SmsKind.COMPLAINT_REJECTED: {"aliyun": "SMS_100002", "tencent": "200002", "params": ["code", "reason"]},
    SmsKind.COMPLAINT_ANSWERED: {"aliyun": "SMS_100003", "tencent": "200003", "params": ["code", "token"]},
    SmsKind.MERGED_ANSWERED: {"aliyun": "SMS_100004", "tencent": "200004", "params": ["code"]},
    SmsKind.COMPLAINT_CLOSED: {"aliyun": "SMS_100005", "tencent": "200005", "params": ["code"]},
    SmsKind.OWNER_SIGN_IN_CODE: {"aliyun": "SMS_100006", "tencent": "200006", "params": ["code", "minutes"]},
    SmsKind.VOTE_NOTICE: {
        "aliyun": "SMS_100007",
        "tencent": "200007",
        "params": ["project", "title", "opens", "closes"],
    },
}


@pytest.fixture
def gateway(settings, stub):
    """``gateway("aliyun" | "tencent")``: that provider's backend, pointed at the stub."""

    def use(provider):
        settings.NOTIFICATION_BACKENDS = {
            **settings.NOTIFICATION_BACKENDS,
            "sms": ALIYUN if provider == "aliyun" else TENCENT,
        }
        settings.SMS_ENDPOINT = stub.url
        settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET = KEY_ID, KEY_SECRET
        settings.SMS_SIGN_NAME = "物业监管"
        settings.SMS_TENCENT_APP_ID = "1400000001"
        settings.SMS_TEMPLATES = {kind: dict(spec) for kind, spec in TEMPLATES.items()}
        return stub

    return use


def aliyun_ok(biz_id="900619746936498440^0"):
    return 200, {"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": "A1"}


def aliyun_refusal(code, message):
    return 200, {"Code": code, "Message": message, "RequestId": "A2"}


def tencent_status(code="Ok", message="send success", serial="2640:5017382947163"):
    status = {
        "SerialNo": serial if code == "Ok" else "",
        "PhoneNumber": "+8613812341234",
        "Fee": 1,
        "SessionContext": "",
        "Code": code,
        "Message": message,
        "IsoCode": "CN",
    }
    return 200, {"Response": {"SendStatusSet": [status], "RequestId": "T1"}}


def tencent_error(code, message):
    return 200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "T2"}}


def sms_of(complaint, kind=SmsKind.COMPLAINT_SUBMITTED) -> Notification:
    return complaint.notifications.get(channel="sms", kind=kind)


# --- what the portal stores ------------------------------------------------------------------------
def test_every_sms_stores_its_kind_and_named_parameters_and_the_free_text(tree, users):
    c = make_complaint(tree.project_a)
    dup = make_complaint(tree.project_a, complainant_phone="13900001111")
    workflow.merge(dup, into=c, actor=users.district_a)
    c = workflow.assign(workflow.accept(c, actor=users.district_a), actor=users.district_a, to=tree.ent_a)
    c = workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已清运")
    c = workflow.close(c, actor=users.district_a)
    other = workflow.reject(make_complaint(tree.project_a), actor=users.district_a, reason="不属于物业服务范围")
    sms = list(Notification.objects.filter(channel="sms"))
    # Every kind the complaints send (the owners' kinds: tests/test_owners_signin.py, test_owners_votes.py).
    owners = {SmsKind.OWNER_SIGN_IN_CODE, SmsKind.VOTE_NOTICE}
    assert {n.kind for n in sms} == set(SmsKind.values) - owners
    for n in sms:
        assert sorted(n.params) == sorted(SMS_PARAMETERS[n.kind]), n.kind
        assert n.params["code"] in n.body  # the free text is rendered from the same values
    answered = sms_of(c, SmsKind.COMPLAINT_ANSWERED)
    assert answered.params["link"] in answered.body and answered.params["link"].endswith(
        f"/{answered.params['token']}/"
    )
    assert answered.params["code"] == c.tracking_code
    assert sms_of(other, SmsKind.COMPLAINT_REJECTED).params["reason"] == "不属于物业服务范围"
    assert sms_of(dup, SmsKind.MERGED_ANSWERED).address == "13900001111"


def test_the_residents_sms_is_in_the_portals_language_whatever_the_officer_reads(tree, users):
    from django.utils import translation

    c = make_complaint(tree.project_a)
    c = workflow.assign(workflow.accept(c, actor=users.district_a), actor=users.district_a, to=tree.ent_a)
    with translation.override("en"):
        workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已清运")
    assert "已答复" in sms_of(c, SmsKind.COMPLAINT_ANSWERED).body


def test_the_logging_backend_stays_the_development_default(settings, tree):
    assert settings.NOTIFICATION_BACKENDS["sms"] == "notifications.backends.LoggingSmsBackend"
    sms = sms_of(make_complaint(tree.project_a))
    assert outbox.deliver(sms.pk) == NotificationStatus.SENT
    assert receipts.pull() == 0  # no receipts to ask a log for


# --- Alibaba Cloud ---------------------------------------------------------------------------------
def test_aliyun_sends_the_kinds_template_with_its_parameters(tree, gateway):
    stub = gateway("aliyun")
    stub.answer("SendSms", aliyun_ok("4711^0"))
    c = make_complaint(tree.project_a)
    sms = sms_of(c)
    assert outbox.deliver(sms.pk) == NotificationStatus.SENT
    sms.refresh_from_db()
    assert (sms.status, sms.provider_id, sms.last_error) == (NotificationStatus.SENT, "4711^0", "")
    (request,) = stub.sent()
    params = request["params"]
    assert params["TemplateCode"] == "SMS_100001" and params["SignName"] == "物业监管"
    assert json.loads(params["TemplateParam"]) == {"code": c.tracking_code}
    assert params["PhoneNumbers"] == "13812341234" and params["OutId"] == str(sms.pk)
    assert request["authorization"].startswith(f"ACS3-HMAC-SHA256 Credential={KEY_ID}")  # signed by the SDK


def test_aliyun_rate_limit_is_retried_later_by_the_outbox(tree, gateway):
    stub = gateway("aliyun")
    stub.answer("SendSms", aliyun_refusal("isv.BUSINESS_LIMIT_CONTROL", "触发号码天级流控Permits:10"), aliyun_ok())
    sms = sms_of(make_complaint(tree.project_a))
    before = timezone.now()
    assert outbox.deliver(sms.pk) == "throttled"
    sms.refresh_from_db()
    assert sms.status == NotificationStatus.PENDING and sms.attempts == 1
    assert "isv.BUSINESS_LIMIT_CONTROL" in sms.last_error and "天级流控" in sms.last_error
    assert dt.timedelta(minutes=29) < sms.retry_at - before < dt.timedelta(minutes=31)  # SMS_THROTTLE_RETRY_MINUTES
    assert outbox.relay() == 0  # not due yet: the relay leaves it
    assert outbox.deliver(sms.pk) == "skipped"
    Notification.objects.filter(pk=sms.pk).update(retry_at=timezone.now() - dt.timedelta(seconds=1))
    assert outbox.relay() == 1  # due: relayed again (by the sweeper in production)
    # Created long ago, but queued just now: the sweeper does not take it for a lost task.
    Notification.objects.filter(pk=sms.pk).update(created=timezone.now() - dt.timedelta(hours=3))
    assert outbox.sweep_pending() == 0
    assert Notification.objects.get(pk=sms.pk).status == NotificationStatus.QUEUED
    assert outbox.deliver(sms.pk) == NotificationStatus.SENT
    sms.refresh_from_db()
    assert (sms.attempts, sms.retry_at, sms.last_error) == (2, None, "")
    assert len(stub.sent()) == 2


def test_a_rate_limit_to_the_last_attempt_fails_with_the_gateways_words(tree, gateway):
    stub = gateway("aliyun")
    stub.answer("SendSms", aliyun_refusal("isv.BUSINESS_LIMIT_CONTROL", "触发号码天级流控Permits:10"))
    sms = sms_of(make_complaint(tree.project_a))
    delays = []
    for _attempt in range(outbox.MAX_ATTEMPTS - 1):
        assert outbox.deliver(sms.pk) == "throttled"
        sms.refresh_from_db()
        delays.append(round((sms.retry_at - timezone.now()).total_seconds() / 60))
        Notification.objects.filter(pk=sms.pk).update(retry_at=None)
    assert delays == [30, 60, 120, 240]  # doubling
    assert outbox.deliver(sms.pk) == NotificationStatus.FAILED
    sms.refresh_from_db()
    assert sms.status == NotificationStatus.FAILED and "isv.BUSINESS_LIMIT_CONTROL" in sms.last_error
    assert outbox.deliver(sms.pk) == "skipped"


def test_aliyun_template_refused_is_reported_not_retried_and_staff_see_why(tree, users, gateway, client_for):
    stub = gateway("aliyun")
    stub.answer("SendSms", aliyun_refusal("isv.SMS_TEMPLATE_ILLEGAL", "模板不合法(不存在或被拉黑)"))
    c = make_complaint(tree.project_a)
    sms = sms_of(c)
    result = deliver_notification.apply(args=[sms.pk])  # the Celery task: no retry is scheduled
    assert result.successful() and result.result == NotificationStatus.REJECTED
    sms.refresh_from_db()
    assert sms.status == NotificationStatus.REJECTED and sms.attempts == 1
    assert sms.last_error == "isv.SMS_TEMPLATE_ILLEGAL: 模板不合法(不存在或被拉黑)"
    assert outbox.deliver(sms.pk) == "skipped" and outbox.relay() == 0
    assert len(stub.sent()) == 1
    # The officer sees it on the complaint; the administrator in the admin, and sends it again.
    page = client_for(users.district_a).get(f"/complaints/{c.pk}/").content.decode()
    assert "居民短信" in page and "被拒绝" in page and "isv.SMS_TEMPLATE_ILLEGAL" in page
    admin = client_for(users.admin)
    listing = admin.get("/admin/notifications/notification/?status=rejected").content.decode()
    assert "模板不合法" in listing
    admin.post("/admin/notifications/notification/", {"action": "retry", "_selected_action": [sms.pk]})
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (NotificationStatus.PENDING, 0)


def test_a_kind_without_a_template_code_is_rejected_with_the_reason(tree, settings, gateway):
    stub = gateway("aliyun")
    settings.SMS_TEMPLATES[SmsKind.COMPLAINT_SUBMITTED] = {"params": ["code"]}
    sms = sms_of(make_complaint(tree.project_a))
    assert outbox.deliver(sms.pk) == NotificationStatus.REJECTED
    sms.refresh_from_db()
    assert "no aliyun template code for 'complaint_submitted'" in sms.last_error
    assert stub.sent() == []  # nothing went to the gateway


def test_a_gateway_that_cannot_be_reached_is_retried_by_the_task(tree, gateway, settings):
    stub = gateway("aliyun")
    stub.close()  # nothing listens there any more
    sms = sms_of(make_complaint(tree.project_a))
    with pytest.raises(DeliveryError):
        outbox.deliver(sms.pk)
    sms.refresh_from_db()
    assert sms.status == NotificationStatus.FAILED and sms.attempts == 1 and sms.last_error


def test_aliyun_server_errors_are_retried_and_http_refusals_classified(tree, gateway):
    stub = gateway("aliyun")
    stub.answer("SendSms", (500, {"Code": "isp.SYSTEM_ERROR", "Message": "系统错误", "RequestId": "A3"}))
    sms = sms_of(make_complaint(tree.project_a))
    with pytest.raises(DeliveryError):
        outbox.deliver(sms.pk)
    stub.answer("SendSms", (400, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号", "RequestId": "A4"}))
    assert outbox.deliver(sms.pk) == NotificationStatus.REJECTED
    sms.refresh_from_db()
    assert "isv.MOBILE_NUMBER_ILLEGAL" in sms.last_error


def _sent(tree, stub, biz_id, phone):
    stub.answer("SendSms", aliyun_ok(biz_id))
    sms = sms_of(make_complaint(tree.project_a, complainant_phone=phone))
    assert outbox.deliver(sms.pk) == NotificationStatus.SENT
    return sms


def _detail(status, err_code="", receive_date="2026-05-08 16:44:13"):
    dto = {
        "SendStatus": status,
        "ErrCode": err_code,
        "ReceiveDate": receive_date,
        "PhoneNum": "13800000000",
        "SendDate": "2026-05-08 16:44:10",
        "TemplateCode": "SMS_100001",
        "Content": "【物业监管】…",
    }
    return 200, {
        "Code": "OK",
        "Message": "OK",
        "RequestId": "Q",
        "TotalCount": "1",
        "SmsSendDetailDTOs": {"SmsSendDetailDTO": [dto]},
    }


def test_aliyun_receipts_are_pulled_and_recorded_on_the_row(tree, gateway):
    stub = gateway("aliyun")
    delivered = _sent(tree, stub, "1001^0", "13800000001")
    undelivered = _sent(tree, stub, "1002^0", "13800000002")
    waiting = _sent(tree, stub, "1003^0", "13800000003")
    stub.answer("QuerySendDetails", _detail(3, "DELIVERED"), _detail(2, "MK:0001"), _detail(1))
    assert receipts.pull() == 2
    queries = stub.sent("QuerySendDetails")
    assert [q["params"]["BizId"] for q in queries] == ["1001^0", "1002^0", "1003^0"]
    assert queries[0]["params"]["PhoneNumber"] == "13800000001"
    assert queries[0]["params"]["SendDate"] == timezone.localdate().strftime("%Y%m%d")
    for n in (delivered, undelivered, waiting):
        n.refresh_from_db()
    assert delivered.receipt == ReceiptStatus.DELIVERED
    assert timezone.localtime(delivered.receipt_at).strftime("%Y-%m-%d %H:%M:%S") == "2026-05-08 16:44:13"
    assert (undelivered.receipt, undelivered.receipt_note) == (ReceiptStatus.UNDELIVERED, "MK:0001")
    assert waiting.receipt == "" and waiting.receipt_at is None  # asked again next time
    stub.answer("QuerySendDetails", _detail(3))
    assert receipts.pull() == 1 and len(stub.sent("QuerySendDetails")) == 4  # only the waiting one
    # One that never gets a receipt is given up after the window.
    late = _sent(tree, stub, "1004^0", "13800000004")
    Notification.objects.filter(pk=late.pk).update(sent_at=timezone.now() - dt.timedelta(hours=73))
    stub.answer("QuerySendDetails", _detail(1))
    assert receipts.pull() == 0
    late.refresh_from_db()
    assert late.receipt == ReceiptStatus.UNKNOWN


# --- Tencent Cloud ---------------------------------------------------------------------------------
def test_tencent_sends_the_kinds_template_with_positional_parameters(tree, users, gateway):
    stub = gateway("tencent")
    stub.answer("SendSms", tencent_status(serial="2640:1"))
    c = make_complaint(tree.project_a)
    c = workflow.assign(workflow.accept(c, actor=users.district_a), actor=users.district_a, to=tree.ent_a)
    c = workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已清运")
    sms = sms_of(c, SmsKind.COMPLAINT_ANSWERED)
    assert outbox.deliver(sms.pk) == NotificationStatus.SENT
    sms.refresh_from_db()
    assert sms.provider_id == "2640:1"
    (request,) = stub.sent()
    params = request["params"]
    assert params["TemplateId"] == "200003" and params["SignName"] == "物业监管"
    assert params["SmsSdkAppId"] == "1400000001" and params["PhoneNumberSet"] == ["+8613812341234"]
    # {1} the tracking code, {2} the rating link's token (the template holds the address).
    assert params["TemplateParamSet"] == [c.tracking_code, sms.params["token"]]
    assert "://" not in "".join(params["TemplateParamSet"])
    assert request["authorization"].startswith(f"TC3-HMAC-SHA256 Credential={KEY_ID}/")


def test_tencent_daily_limit_is_retried_later(tree, gateway):
    stub = gateway("tencent")
    limited = tencent_status("LimitExceeded.PhoneNumberDailyLimit", "单个手机号日下发短信条数超过设定的上限")
    stub.answer("SendSms", limited, tencent_status(serial="2640:2"))
    sms = sms_of(make_complaint(tree.project_a))
    assert outbox.deliver(sms.pk) == "throttled"
    sms.refresh_from_db()
    assert sms.status == NotificationStatus.PENDING and sms.retry_at > timezone.now()
    assert sms.last_error.startswith("LimitExceeded.PhoneNumberDailyLimit: ")
    Notification.objects.filter(pk=sms.pk).update(retry_at=timezone.now())
    assert outbox.relay() == 1 and outbox.deliver(sms.pk) == NotificationStatus.SENT


def test_tencent_template_refused_is_reported_not_retried(tree, gateway):
    stub = gateway("tencent")
    stub.answer("SendSms", tencent_error("FailedOperation.TemplateIncorrectOrUnapproved", "模板未审核或内容不匹配"))
    sms = sms_of(make_complaint(tree.project_a))
    result = deliver_notification.apply(args=[sms.pk])
    assert result.successful() and result.result == NotificationStatus.REJECTED
    sms.refresh_from_db()
    assert sms.status == NotificationStatus.REJECTED
    assert sms.last_error == "FailedOperation.TemplateIncorrectOrUnapproved: 模板未审核或内容不匹配"
    assert outbox.relay() == 0 and len(stub.sent()) == 1


def test_tencent_receipts_are_pulled_from_its_queue(tree, gateway):
    stub = gateway("tencent")
    stub.answer("SendSms", tencent_status(serial="2640:10"), tencent_status(serial="2640:11"))
    one, two = (sms_of(make_complaint(tree.project_a)) for _ in range(2))
    assert outbox.deliver(one.pk) == outbox.deliver(two.pk) == NotificationStatus.SENT
    stub.answer(
        "PullSmsSendStatus",
        (
            200,
            {
                "Response": {
                    "PullSmsSendStatusSet": [
                        {
                            "SerialNo": "2640:10",
                            "ReportStatus": "SUCCESS",
                            "Description": "用户接收成功",
                            "UserReceiveTime": 1778230000,
                            "PhoneNumber": "+8613812341234",
                            "SubscriberNumber": "13812341234",
                            "CountryCode": "86",
                            "SessionContext": "",
                        },
                        {
                            "SerialNo": "2640:11",
                            "ReportStatus": "FAIL",
                            "Description": "DB:0141",
                            "UserReceiveTime": 1778230060,
                            "PhoneNumber": "+8613812341234",
                            "SubscriberNumber": "13812341234",
                            "CountryCode": "86",
                            "SessionContext": "",
                        },
                        {
                            "SerialNo": "9999:1",
                            "ReportStatus": "SUCCESS",
                            "Description": "",
                            "UserReceiveTime": 1778230060,
                            "PhoneNumber": "+8613800000000",
                            "SubscriberNumber": "13800000000",
                            "CountryCode": "86",
                            "SessionContext": "",
                        },
                    ],
                    "RequestId": "P",
                }
            },
        ),
    )
    assert receipts.pull() == 2  # the third is none of ours
    (request,) = stub.sent("PullSmsSendStatus")
    assert request["params"] == {"Limit": 100, "SmsSdkAppId": "1400000001"}
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.receipt == ReceiptStatus.DELIVERED and one.receipt_at == dt.datetime.fromtimestamp(1778230000, dt.UTC)
    assert (two.receipt, two.receipt_note) == (ReceiptStatus.UNDELIVERED, "DB:0141")


# --- configuration ---------------------------------------------------------------------------------
def test_the_receipt_pull_is_a_scheduled_job():
    task, crontab, _description = NotificationsConfig.schedules["notifications-sms-receipts"]
    assert task == "notifications.tasks.pull_sms_receipts" and crontab == "*/5 * * * *"


def _sms_problems():
    return [p for p in run_checks() if p.id.startswith("notifications.")]


def test_checks_ask_a_template_gateway_for_its_keys_and_templates(settings, gateway):
    gateway("tencent")
    assert _sms_problems() == []
    settings.SMS_TENCENT_APP_ID, settings.SMS_ACCESS_KEY_SECRET = "", ""
    settings.SMS_TEMPLATES[SmsKind.COMPLAINT_CLOSED] = {"aliyun": "SMS_1", "params": ["code", "link"]}
    settings.SMS_TEMPLATES["complaint_reopened"] = {"tencent": "1"}
    found = {p.id: p.msg for p in _sms_problems()}
    assert "SMS_ACCESS_KEY_SECRET, SMS_TENCENT_APP_ID" in found["notifications.E004"]
    assert "'complaint_reopened'" in found["notifications.E001"]
    assert "link" in found["notifications.E002"]
    assert "complaint_closed" in found["notifications.W001"]  # no tencent code: those SMS would be refused


def test_a_complaint_still_answers_when_the_gateway_refuses(tree, users, gateway):
    """The gateway is asked after commit, by the worker: a refusal never fails the officer's action."""
    stub = gateway("aliyun")
    stub.answer("SendSms", aliyun_refusal("isv.SMS_TEMPLATE_ILLEGAL", "模板不合法"))
    c = make_complaint(tree.project_a)
    c = workflow.assign(workflow.accept(c, actor=users.district_a), actor=users.district_a, to=tree.ent_a)
    c = workflow.answer(workflow.sign(c, actor=users.ent_a), actor=users.ent_a, text="已清运")
    assert c.status == Status.ANSWERED and stub.sent() == []
