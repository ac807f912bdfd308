"""Owners sign in with phone + the last six characters of the ID number + an SMS code; they see
their own units and nothing of other owners; codes and sessions expire; requests are rate-limited."""

import re
import time

import pytest
from captcha.models import CaptchaStore

from notifications.choices import SMS_PARAMETERS, SmsKind
from notifications.models import Notification
from owners import signin
from owners.models import Owner, SignInCode

from .owner_rolls import hold, owner, resident_id, unit

PHONE = "13812345678"


@pytest.fixture
def roll(tree):
    """Owner 1 holds 101 alone and 102 with owner 2 (who votes for it); owner 3 holds 201."""
    o1 = owner(tree.project_a, 1, phone=PHONE, name="张三")
    o2 = owner(tree.project_a, 2, phone="13900000002", name="李四")
    o3 = owner(tree.project_a, 3, phone="13900000003", name="王五")
    hold(unit(tree.project_a, "101", "89.50"), o1)
    hold(unit(tree.project_a, "102", "120.00"), o2, o1)
    hold(unit(tree.project_a, "201", "75.00"), o3)
    return o1, o2, o3


def captcha(client):
    html = client.get("/owner/").content.decode()
    key = re.search(r'name="captcha_0"[^>]*value="([0-9a-f]+)"', html) or re.search(
        r'value="([0-9a-f]{40})"[^>]*name="captcha_0"', html
    )
    key = key.group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def ask(client, phone=PHONE, tail=None, **extra):
    tail = resident_id(1)[-6:] if tail is None else tail
    return client.post("/owner/", {"phone": phone, "id_tail": tail, **captcha(client), **extra})


def sent_code(phone=PHONE) -> str:
    sms = Notification.objects.filter(address=phone, channel="sms").latest("pk")
    return re.search(r"\d{6}", sms.body).group(0)


def sign_in(client, phone=PHONE, tail=None):
    assert ask(client, phone, tail).status_code == 302
    return client.post("/owner/code/", {"code": sent_code(phone)})


def test_an_owner_signs_in_and_sees_only_their_units(tree, client, roll):
    response = sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/owner/me/"
    page = client.get("/owner/me/").content.decode()
    assert "1号楼1单元101" in page and "1号楼1单元102" in page and "1号楼1单元201" not in page
    assert "89.50" in page and "共有（2 人）" in page
    assert "李四" not in page and "王五" not in page  # nothing of other owners
    assert "13900000002" not in page
    assert not SignInCode.objects.filter(used_at__isnull=True).exists()


def test_no_code_for_a_phone_and_id_not_on_the_roll_and_the_page_does_not_tell(tree, client, roll):
    matched = ask(client)
    sms = Notification.objects.get(channel="sms")
    assert sms.kind == SmsKind.OWNER_SIGN_IN_CODE and sorted(sms.params) == sorted(SMS_PARAMETERS[sms.kind])
    assert sms.params["code"] in sms.body  # a template gateway sends the parameters, the others the body
    unknown = ask(client, tail="000000")
    other = ask(client, phone="13700000000")
    assert matched.status_code == unknown.status_code == other.status_code == 302
    assert Notification.objects.filter(channel="sms").count() == 1
    client.get(unknown["Location"])
    assert "验证码已发送" in client.get(unknown["Location"]).content.decode()


def test_the_sms_code_is_never_stored_in_clear(tree, client, roll):
    ask(client)
    code = sent_code()
    row = SignInCode.objects.values().get()
    assert all(code not in str(v) and PHONE not in str(v) for v in row.values())


def test_a_wrong_code_uses_up_the_attempts(tree, client, roll, settings):
    ask(client)
    code = sent_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(settings.OWNER_CODE_ATTEMPTS):
        page = client.post("/owner/code/", {"code": wrong})
        assert page.status_code == 200 and "验证码不正确" in page.content.decode()
    assert client.post("/owner/code/", {"code": code}).status_code == 200  # attempts spent
    assert client.get("/owner/me/").status_code == 302


def test_a_code_works_once_and_not_after_it_expires(tree, client, roll, settings):
    ask(client)
    code = sent_code()
    SignInCode.objects.update(expires_at=SignInCode.objects.get().created)
    assert client.post("/owner/code/", {"code": code}).status_code == 200
    assert signin.verify_code(PHONE, code) is None
    ask(client)
    code = sent_code()
    assert signin.verify_code(PHONE, code) == [roll[0].pk]
    assert signin.verify_code(PHONE, code) is None


def test_codes_are_rate_limited_per_phone_and_per_address(tree, client, roll, settings):
    settings.OWNER_CODE_RATE_PER_PHONE = "2/d"
    settings.OWNER_CODE_RATE_PER_IP = "4/h"
    assert ask(client).status_code == 302
    assert ask(client).status_code == 302
    assert ask(client).status_code == 429  # the phone's third
    assert ask(client, phone="13700000000").status_code == 302
    assert ask(client, phone="13700000001").status_code == 429  # the address's fifth


def test_the_session_ends_when_the_roll_changes_or_it_idles(tree, client, roll, settings):
    sign_in(client)
    assert client.get("/owner/me/").status_code == 200
    Owner.objects.filter(pk=roll[0].pk).update(phone="13711112222")
    assert client.get("/owner/me/").status_code == 302
    Owner.objects.filter(pk=roll[0].pk).update(phone=PHONE)
    sign_in(client)
    session = client.session
    session[signin.SESSION_KEY] = {**session[signin.SESSION_KEY], "seen": int(time.time()) - 31 * 60}
    session.save()
    assert client.get("/owner/me/").status_code == 302


def test_an_owner_is_not_a_staff_user(tree, client, roll):
    sign_in(client)
    assert client.get("/workbench/").status_code == 302
    assert client.get("/complaints/").status_code == 302
    client.post("/owner/sign-out/")
    assert client.get("/owner/me/").status_code == 302


def test_one_person_on_the_rolls_of_two_projects_sees_both(tree, client, roll):
    elsewhere = owner(tree.project_b, 1, phone=PHONE, name="张三")
    hold(unit(tree.project_b, "808", "66.00"), elsewhere)
    sign_in(client)
    page = client.get("/owner/me/").content.decode()
    assert tree.project_a.name in page and tree.project_b.name in page and "808" in page


@pytest.mark.parametrize(
    "phone, tail",
    [
        ("١٣٨١٢٣٤٥٦٧٨", None),
        ("1381234567\x00", None),
        ("=1+1", None),
        (str(2**63), None),
        (PHONE, "１２３４５６"),
        (PHONE, "12345\x07"),
        ("1" * 10_000, None),
    ],
)
def test_hostile_sign_in_input_is_a_form_error(tree, client, roll, phone, tail):
    response = ask(client, phone=phone, tail=tail)
    assert response.status_code == 200
    assert Notification.objects.count() == 0 and SignInCode.objects.count() == 0


def test_a_ten_megabyte_post_is_refused(tree, client, roll):
    response = client.post("/owner/", {"phone": "1" * (11 * 1024 * 1024), "id_tail": "123456"})
    assert response.status_code == 400


def test_the_code_page_needs_a_phone_first(tree, client):
    assert client.get("/owner/code/")["Location"] == "/owner/"


def test_next_must_stay_on_the_site(tree, client, roll):
    assert ask(client, next="https://evil.example/")["Location"].endswith("next=/owner/me/")
