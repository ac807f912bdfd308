"""The owner's fund ledger on a 375-px phone: reached from their page and back, nothing wider
than the screen (screenshots kept as artefacts)."""

from django.conf import settings
from django.test import Client

from .browser import MARKS
from .fund_rolls import roll_with_account
from .test_owners_signin import PHONE, sign_in

pytestmark = MARKS

NARROW_PHONE = {
    "viewport": {"width": 375, "height": 812},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def test_an_owner_reads_the_ledger_on_a_phone(tree, users, open_page, shots, live_server):
    _account, units = roll_with_account(tree.project_a, ["89.55", "120.01"], users.district_a, phone_of={0: PHONE})
    client = Client()
    sign_in(client)
    page = open_page(NARROW_PHONE)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto("/owner/me/")
    shots(page, "owner-me")
    page.get_by_role("link", name="我的维修资金").click()
    page.wait_for_url("**/owner/funds/")
    assert units[0].label in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shots(page, "owner-ledger")
    page.get_by_role("link", name="返回我的房屋").click()
    page.wait_for_url("**/owner/me/")
