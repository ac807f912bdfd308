"""Helpers for the end-to-end tests in a real browser (tests/test_browser.py).

Playwright drives Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``); it never downloads
a browser of its own. Without Chromium or the playwright package the browser tests are skipped,
and ``missing()`` says why (the reason ``make test`` prints).
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
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


def sign_in(page, username: str, password: str) -> None:
    """Log in through the staff login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
