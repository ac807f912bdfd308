"""The English pass in a real browser: a city officer switches the language in the navbar, then
every page the navbar leads to is in English (the page's language, the navbar's words) and fits
a 1280 px window (no sideways scrolling, the user menu on screen); the public pages likewise on a
phone.

Fixtures and helpers: tests/browser.py. Screenshots: ``test-artifacts/browser/<test>/``.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from .browser import LAPTOP, MARKS, PHONE, expect, sign_in
from .factories import make_complaint

pytestmark = MARKS

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _switch_to_english(page):
    """Choose English in the navbar's language menu, as a person would."""
    page.locator("select[name=language]").first.select_option("en")
    expect()(page.locator("html")).to_have_attribute("lang", re.compile(r"^en"))


def _navbar_links(page) -> list[str]:
    """The pages the navbar leads to (its dropdowns' entries included), in order, once each."""
    hrefs = page.locator("nav.navbar a[href^='/']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    seen = []
    for href in hrefs:
        path = urlparse(href).path
        if path not in seen:
            seen.append(path)
    return seen


def _fits(page, width):
    """No sideways scrolling and nothing of the navbar beyond the window's right edge."""
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url}: {scroll} px wide in a {width} px window"
    overflow = page.locator("nav.navbar").evaluate(
        """(nav, width) => [...nav.querySelectorAll('a, button, select')]
            .filter(el => el.offsetParent !== null)
            .filter(el => el.getBoundingClientRect().right > width + 0.5)
            .map(el => el.textContent.trim() || el.outerHTML.slice(0, 60))""",
        width,
    )
    assert not overflow, f"{page.url}: off screen in the navbar: {overflow}"


def _english_navbar(page, name=""):
    """The page is English and so is every word of its navbar but the user's ``name``."""
    expect()(page.locator("html")).to_have_attribute("lang", re.compile(r"^en"))
    words = page.locator("nav.navbar").evaluate(
        """nav => [...nav.querySelectorAll('a, button, option:checked')]
            .filter(el => el.offsetParent !== null || el.tagName === 'OPTION')
            .map(el => el.textContent.trim()).filter(Boolean)"""
    )
    chinese = [w for w in words if CJK.search(w.replace(name, "") if name else w)]
    assert not chinese, f"{page.url}: navbar not in English: {chinese}"
    return words


def test_city_officer_reads_the_main_pages_in_english_at_1280_px(tree, users, open_page, shots):
    make_complaint(tree.project_a)  # a work order, so the lists have a row
    officer = users.city
    officer.last_name = f"{tree.city.name}住建局"  # as long as the demo's: the navbar must still fit
    officer.save(update_fields=["last_name"])
    name = officer.get_full_name()
    page = open_page(LAPTOP)
    width = LAPTOP["viewport"]["width"]
    sign_in(page, officer.username)
    _switch_to_english(page)
    words = _english_navbar(page, name)
    assert any(re.search(r"[A-Za-z]{3}", w) for w in words)
    user_menu = page.locator("nav.navbar").get_by_role("button", name=name)
    expect()(user_menu).to_be_visible()

    links = _navbar_links(page)
    assert len(links) >= 5 and "/dashboards/" in links
    for path in links:
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        _english_navbar(page, name)
        expect()(user_menu).to_be_in_viewport()
        _fits(page, width)
        shots(page, "en-" + (path.strip("/").replace("/", "-") or "home"), full_page=False)

    # The choice stays with the session: the next page, and a drill-down, are English too.
    page.goto(f"/dashboards/?region={tree.a.code}")
    _english_navbar(page, name)
    expect()(page.locator('[data-chart="trend"] svg')).to_be_visible()
    _fits(page, width)
    shots(page, "en-dashboard-district")


def test_resident_reads_the_public_pages_in_english_on_a_phone(tree, open_page, shots):
    page = open_page(PHONE)
    width = PHONE["viewport"]["width"]
    page.goto("/")
    _switch_to_english(page)
    paths = ["/", *(p for p in _navbar_links(page) if p != "/"), f"/compound/{tree.project_a.code}/"]
    for path in dict.fromkeys(paths):
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        expect()(page.locator("html")).to_have_attribute("lang", re.compile(r"^en"))
        _fits(page, width)
        shots(page, "en-phone-" + (path.strip("/").replace("/", "-") or "home"), full_page=False)
