#!/usr/bin/env python
"""Retake the screenshots of README.md and docs/*.md (docs/screenshots/*.png) from the demo.

Start the demo first, in another terminal (migrate, ``seed_demo --scale small``, web and worker):

    make run WEB_PORT=8410

then retake every picture (or some, by name) under the same file names:

    PORTAL_ENV=development .venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8410/ [name …]

Pages are opened in Debian's Chromium through Playwright, as the browser tests do (tests/browser.py:
``$CHROMIUM``, the phone and laptop sizes), signed in as the demo's people; the objects shown (a
compound, a work order, a score, …) are looked up in the demo's database, so this script runs with
the demo's settings. Each PNG is re-encoded with Pillow (optimised; a full page in 256 colours) to
keep the repository small.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import screenshots_owners  # scripts/, next to this file

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESK = {"viewport": {"width": 1366, "height": 900}}
LAPTOP = {"viewport": {"width": 1280, "height": 900}}
SHORT = {"viewport": {"width": 1280, "height": 560}}
TIMEOUT_MS = 20_000


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in this thread
    import django

    django.setup()


# --- what the pictures show, from the demo's database ---------------------------------------------
def demo_objects() -> dict:
    from django.db.models import Count

    from accounts.models import User
    from complaints.choices import Status
    from complaints.feedback_links import feedback_token
    from complaints.models import Complaint
    from inspections.choices import InspectionStatus
    from inspections.models import Draw, Inspection
    from projects.choices import ManagementMode
    from projects.models import Project
    from ratings.choices import ListStatus, RunStatus
    from ratings.models import ListEdition, ProjectScore, ScoringRun

    district = User.objects.get(username="district")
    enterprise = User.objects.get(username="enterprise").enterprise
    compound = (
        Project.objects.filter(enterprise=enterprise, management_mode=ManagementMode.PROFESSIONAL)
        .order_by("code")
        .first()
    )
    in_district = Complaint.objects.filter(region_path__startswith=district.region.path)
    answered = in_district.filter(status=Status.ANSWERED).exclude(answer="").order_by("-answered_at").first()
    closed = (
        in_district.filter(status=Status.CLOSED)
        .annotate(n=Count("events"))
        .filter(n__gte=6)
        .order_by("-created")
        .first()
    )
    waiting = in_district.filter(status=Status.SUBMITTED).order_by("-created").first() or closed
    assigned = Inspection.objects.filter(status=InspectionStatus.ASSIGNED)
    inspection = assigned.filter(project__region__path__startswith=district.region.path).order_by("-pk").first()
    run = ScoringRun.objects.filter(status=RunStatus.PUBLISHED).order_by("-year", "-quarter").first()
    score = (
        ProjectScore.objects.filter(run=run, project__enterprise=enterprise).order_by("-score").first() if run else None
    )
    return {
        "district": district,
        "compound": compound,
        "rating_token": feedback_token(answered) if answered else None,
        "tracked": closed,
        "waiting": waiting,
        "inspection": inspection,
        "lead": inspection.inspectors.order_by("pk").first() if inspection else None,
        "draw": Draw.objects.filter(published_at__isnull=False).order_by("-published_at").first(),
        "score": score,
        "lists": ListEdition.objects.filter(status=ListStatus.PUBLISHED).exists(),
        **screenshots_owners.owner_objects(),
    }


def session_cookie(user, url: str) -> dict:
    """A signed-in session for ``user`` (the demo's inspectors have no password to type)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that finds users (axes' only guards the login form).
    finders = [b for b in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(b), "get_user")]
    store[BACKEND_SESSION_KEY] = finders[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": url}


def _user(username):
    from accounts.models import User

    return User.objects.get(username=username)


# --- the pictures: file name → (device, who, what to do, whole page) ---------------------------------
def charts_drawn(page):
    page.locator("[data-chart] svg").first.wait_for()
    page.wait_for_load_state("networkidle")


def public_search(page, d):
    page.goto("/")
    page.get_by_role("searchbox").fill(d["compound"].name[:2])
    page.locator("#results .list-group-item, #results a").first.wait_for()


def public_compound(page, d):
    page.goto(f"/compound/{d['compound'].code}/")


def public_tracking(page, d):
    complaint = d["tracked"]
    page.goto("/complaint/track/")
    page.locator("input[name=code]").fill(complaint.tracking_code)
    page.locator("input[name=phone_last4]").fill(complaint.complainant_phone[-4:])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/complaint/track/{complaint.tracking_code}/")


def public_complaint(page, d):
    page.goto("/complaint/new/")


def public_rating(page, d):
    page.goto(f"/complaint/rate/{d['rating_token']}/")
    page.locator("input[name=rating][value=satisfied]").check()  # chosen, not sent


def public_draw(page, d):
    page.goto(f"/inspections/draws/{d['draw'].pk}/")


def public_lists(page, d):
    page.goto("/lists/")


def inspection_phone(page, d):
    """The top of the scoring page with the first item's deduction form open (nothing recorded)."""
    page.goto(f"/supervision/inspections/{d['inspection'].pk}/")
    page.locator("[data-running-score]").wait_for()
    item = page.locator("[id^=item-]").first
    item.locator("summary").click()
    item.locator("input[name=points]").fill("2")
    item.locator("input[name=reason]").fill("消防通道堆放杂物")
    page.evaluate("window.scrollTo(0, 0)")


def staff_workbench(page, d):
    page.goto("/workbench/")


def staff_complaints(page, d):
    page.goto("/complaints/")


def staff_complaint_detail(page, d):
    page.goto(f"/complaints/{d['waiting'].pk}/")
    page.locator("#complaint-detail").wait_for()


def staff_coverage(page, d):
    page.goto(f"/registry/coverage/?region={d['district'].region.code}")


def staff_projects(page, d):
    page.goto("/registry/projects/")


def staff_exports(page, d):
    """我的导出 with a finished file: the demo's lists are small enough to download at once, so
    the export a large list would queue is made here (and built in this process, not a worker)."""
    from core import exports
    from core.models import Export

    mine = Export.objects.filter(user=d["district"])
    if not mine.exists():
        view = "complaints.views.ComplaintListView"
        export = Export.objects.create(user=d["district"], name="投诉工单", view=view, params={}, language="zh-hans")
        exports.run(export.pk)
    page.goto("/accounts/exports/")


def ratings_quarters(page, d):
    page.goto("/ratings/")


def ratings_score(page, d):
    page.goto(f"/ratings/project-scores/{d['score'].pk}/")


def last_month() -> str:
    from django.utils import timezone

    return (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def dashboard_city(page, d):
    page.goto(f"/dashboards/?month={last_month()}")  # a whole month
    charts_drawn(page)


def dashboard_drilldown(page, d):
    page.goto(f"/dashboards/?month={last_month()}&region={d['district'].region.code}")
    charts_drawn(page)


def bulletin(page, d):
    page.goto("/dashboards/bulletins/")
    page.get_by_role("main").locator("a[href$='/']").filter(has_text="~").first.click()
    page.locator("main img").first.wait_for()


SHOTS = {
    "staff-workbench": (DESK, "city", staff_workbench, False),
    "public-search-phone": (PHONE, None, public_search, False),
    "public-compound-phone": (PHONE, None, public_compound, False),
    "public-tracking-phone": (PHONE, None, public_tracking, False),
    "public-complaint-phone": (PHONE, None, public_complaint, False),
    "public-rating-link-phone": (PHONE, None, public_rating, False),
    "public-draw-phone": (PHONE, None, public_draw, False),
    "public-lists-phone": (PHONE, None, public_lists, False),
    "inspection-phone": (PHONE, "lead", inspection_phone, False),
    "staff-complaints": (DESK, "district", staff_complaints, False),
    "staff-complaint-detail": (DESK, "district", staff_complaint_detail, False),
    "staff-coverage": (DESK, "district", staff_coverage, False),
    "staff-projects": (DESK, "district", staff_projects, False),
    "staff-exports": (SHORT, "district", staff_exports, False),
    "ratings-quarters": (LAPTOP, "city", ratings_quarters, False),
    "ratings-score-explained": (LAPTOP, "enterprise", ratings_score, False),
    "dashboard-city": (DESK, "city", dashboard_city, True),
    "dashboard-drilldown": (DESK, "city", dashboard_drilldown, True),
    "bulletin": (DESK, "city", bulletin, True),
}
# Owners' self-governance and maintenance funds (scripts/screenshots_owners.py).
SHOTS.update(screenshots_owners.owner_shots(PHONE, DESK, LAPTOP))


def optimise(png: bytes, *, full_page: bool) -> bytes:
    """Re-encode a screenshot: optimised, and in 256 colours for a long page (text stays sharp)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    if full_page:
        image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the running demo")
    parser.add_argument("names", nargs="*", help=f"some of: {', '.join(SHOTS)}")
    args = parser.parse_args(argv)
    unknown = set(args.names) - SHOTS.keys()
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    django_setup()
    from playwright.sync_api import sync_playwright

    data = demo_objects()
    base = args.url.rstrip("/")
    with sync_playwright() as p:
        # The browser's own words (file and date inputs) in Chinese where its zh-CN locale is
        # installed (Debian: chromium-l10n); without it they stay English.
        flags = ["--disable-dev-shm-usage", "--lang=zh-CN"]
        language = {**os.environ, "LANGUAGE": "zh_CN", "LANG": "zh_CN.UTF-8"}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=flags, env=language)
        for name in args.names or SHOTS:
            device, who, steps, full_page = SHOTS[name]
            context = browser.new_context(
                base_url=base, locale="zh-CN", timezone_id="Asia/Shanghai", reduced_motion="reduce", **device
            )
            context.set_default_timeout(TIMEOUT_MS)
            if who == "voter":
                context.add_cookies([screenshots_owners.owner_cookie(data["voter"], base + "/")])
            elif who:
                user = data[who] if who in data else _user(who)
                context.add_cookies([session_cookie(user, base + "/")])
            page = context.new_page()
            steps(page, data)
            page.wait_for_load_state("networkidle")
            png = optimise(page.screenshot(full_page=full_page), full_page=full_page)
            (FOLDER / f"{name}.png").write_bytes(png)
            print(f"{name}.png  {len(png) // 1024} KB")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
