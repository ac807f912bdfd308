"""The navbar in a real browser: in English, whose labels are longer, the signed-in user's menu
stays on screen at laptop widths, unread badges included, and below the width where the bar fits
it folds into the menu button (issue 24, item 13). Skipped without Chromium, as test_browser."""

from __future__ import annotations

import pytest
from django.conf import settings

from notifications import outbox
from notifications.choices import InboxKind

from .browser import missing, sign_in

REASON = missing()
pytestmark = [
    pytest.mark.skipif(REASON is not None, reason=REASON or ""),
    pytest.mark.django_db(transaction=True),
]


def _bar(page) -> dict:
    return page.evaluate(
        """() => {
            const menu = document.querySelector('.navbar-user');
            const toggler = document.querySelector('.navbar-toggler');
            return {
                menu: menu && menu.offsetParent ? menu.getBoundingClientRect().right : null,
                folded: getComputedStyle(toggler).display !== 'none',
                width: document.documentElement.scrollWidth,
            };
        }"""
    )


@pytest.mark.parametrize("who", ["city", "ent_a"])
def test_the_english_bar_keeps_the_user_menu_on_screen(open_page, live_server, users, who):  # noqa: F811
    user = getattr(users, who)
    for n in range(12):  # a two-digit unread badge widens the bar
        outbox.tell([user], InboxKind.WORK_ORDER_ASSIGNED, no=f"GD{n:04d}", project="阳光花园", text="楼道垃圾")
    for width, folded in ((1440, False), (1280, False), (1200, False), (1100, True)):
        page = open_page({"viewport": {"width": width, "height": 800}})
        sign_in(page, user.username, settings.DEMO_PASSWORD)
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
        page.goto("/workbench/")
        assert page.locator("html").get_attribute("lang") == "en"
        bar = _bar(page)
        assert bar["folded"] is folded, (width, bar)
        assert bar["width"] <= width, (width, bar)  # nothing sticks out sideways
        if not folded:
            assert bar["menu"] is not None and bar["menu"] <= width, (width, bar)


def test_the_chinese_bar_still_opens_from_992px(open_page, users):  # noqa: F811
    page = open_page({"viewport": {"width": 992, "height": 800}})
    sign_in(page, users.city.username, settings.DEMO_PASSWORD)
    page.goto("/workbench/")
    bar = _bar(page)
    assert not bar["folded"] and bar["menu"] <= 992 and bar["width"] <= 992, bar
