"""Helpers and fixtures for the end-to-end tests in a real browser (tests/test_browser*.py).

Playwright drives Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``); it never downloads
a browser of its own. Without Chromium or the playwright package the browser tests are skipped,
and ``missing()`` says why (the reason ``make test`` prints).

A browser test module sets ``pytestmark = MARKS`` and asks for the fixtures ``open_page`` (a page
in a fresh context, phone or laptop) and ``shots`` (numbered screenshots kept as the test's
artefacts, in ``$BROWSER_ARTIFACTS/<test>/``, by default the git-ignored
``test-artifacts/browser/``); tests/conftest.py makes the fixtures available to every module.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(
    os.environ.get("BROWSER_ARTIFACTS") or Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
TIMEOUT_MS = 15_000


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return (
            f"浏览器测试已跳过 / browser tests skipped: Chromium not found at {CHROMIUM} "
            "(apt-get install chromium fonts-noto-cjk, or set CHROMIUM)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "浏览器测试已跳过 / browser tests skipped: the playwright package is not installed"
    return None


# A browser test module's ``pytestmark``. Transactional: the live server's thread reads what the
# test committed. One xdist worker runs a whole file (--dist loadfile), so one browser serves it.
_REASON = missing()
MARKS = [
    pytest.mark.skipif(_REASON is not None, reason=_REASON or ""),
    pytest.mark.django_db(transaction=True),
]


def artifact_dir(test_name: str) -> Path:
    """A fresh folder for one test's screenshots (git-ignored ``test-artifacts/``)."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", test_name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Shots:
    """Numbered full-page screenshots of one test, in the order they were taken."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def __call__(self, page, name: str, *, full_page: bool = True) -> Path:
        """``full_page=False``: what the screen shows (a 144-item list is too long to be useful)."""
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path


def png_file(folder: Path, name="photo.png", size=(320, 240)) -> Path:
    """A small real PNG to upload as a photo."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (200, 220, 240))
    ImageDraw.Draw(image).rectangle([40, 40, size[0] - 40, size[1] - 40], outline=(200, 30, 30), width=6)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    path = folder / name
    path.write_bytes(buf.getvalue())
    return path


def expect():
    """Playwright's ``expect`` with the tests' timeout: it waits for the element, never a sleep."""
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=TIMEOUT_MS)
    return playwright_expect


def choose(scope, name, label):
    """Pick ``label`` in the form's ``<select name=…>``, also when a search picker (Tom Select)
    hides the select and takes over its <label>."""
    scope.locator(f"select[name={name}]").select_option(label=label, force=True)


def sign_in(page, username: str, password: str | None = None) -> None:
    """Log in through the staff login form, as a person would (the demo password by default)."""
    if password is None:
        from django.conf import settings

        password = settings.DEMO_PASSWORD
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


# --- fixtures (made available to every test module by tests/conftest.py) -----------------------
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django then refuses
    # the test's own (synchronous) ORM calls with SynchronousOnlyOperation: allow them while the
    # browser is open. The live server answers from its own thread either way.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--disable-dev-shm-usage"])
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(PHONE or LAPTOP)``: a page in a fresh browser context (its own cookies)."""
    contexts = []

    def make(kind):
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
            reduced_motion="reduce",
            **kind,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shots(request):
    """``shots(page, "name")``: a numbered screenshot in this test's artefact folder."""
    return Shots(artifact_dir(request.node.name))
