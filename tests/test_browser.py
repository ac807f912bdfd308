"""End-to-end journeys in a real browser (Debian's Chromium driven by Playwright) against a live
server: a resident on a phone files, an officer assigns, the enterprise answers, the resident
rates 不满意 and the complaint reopens; an inspector scores on a phone and submits; a city
officer drills coverage down and exports it; an enterprise files its quarterly self-report.

Screenshots of each step go to ``test-artifacts/browser/<test>/`` (git-ignored; or
``$BROWSER_ARTIFACTS``). The fixtures and helpers are in tests/browser.py, the other journeys in
tests/test_browser_*.py. Without Chromium (or the playwright package) the module is skipped with
the reason; ``make test`` says so.

Selectors are labels, roles, accessible names and form field names, never positions: the
navbar and the filters change without these tests having to.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from django.conf import settings

from accounts.choices import Role

from .browser import LAPTOP, MARKS, PHONE, choose, png_file, sign_in
from .browser import expect as _expect
from .factories import UserFactory

pytestmark = MARKS

PASSWORD = settings.DEMO_PASSWORD


def _loaded(image):
    """The <img> is shown and its picture really loaded (not a broken link)."""
    _expect()(image).to_be_visible()
    image.evaluate("i => i.complete || new Promise(done => i.addEventListener('load', done, {once: true}))")
    assert image.evaluate("i => i.naturalWidth") > 0


def _shows_status(page, label):
    """Wait until the complaint page (swapped in place by htmx) shows the status ``label``."""
    _expect()(page.locator("#complaint-detail").get_by_text(label, exact=True).first).to_be_visible()


# --- resident → officer → enterprise → resident -----------------------------------------------
def test_resident_files_officer_assigns_enterprise_answers_resident_unsatisfied_reopens(tree, users, open_page, shots):
    from captcha.models import CaptchaStore

    from complaints.choices import Status
    from complaints.models import Complaint
    from notifications.choices import NotificationChannel
    from notifications.models import Notification

    expect = _expect()
    resident = open_page(PHONE)
    resident.goto("/complaint/new/")
    resident.get_by_label("小区/项目", exact=True).fill("阳光花园")
    resident.get_by_role("button", name=re.compile("阳光花园")).click()
    expect(resident.locator("#chosen")).to_contain_text("阳光花园")
    choose(resident, "category", "环境卫生")
    resident.get_by_label("问题描述", exact=True).fill("3 号楼楼道垃圾堆放一周无人清运，气味很大，影响通行。")
    resident.get_by_label("手机号码", exact=True).fill("13812345678")
    resident.get_by_label(re.compile("^照片")).set_input_files(str(png_file(shots.folder)))
    # A person works out the sum in the picture; the test reads the answer stored for this challenge.
    key = resident.locator("input[name=captcha_0]").input_value()
    resident.locator("input[name=captcha_1]").fill(CaptchaStore.objects.get(hashkey=key).response)
    shots(resident, "resident-form")
    resident.get_by_role("button", name="提交投诉").click()

    expect(resident.get_by_role("heading", name="投诉已提交")).to_be_visible()
    code = resident.locator("#tracking-code").inner_text().strip()
    shots(resident, "resident-tracking-code")
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.project == tree.project_a and complaint.attachments.count() == 1

    officer = open_page(LAPTOP)
    sign_in(officer, users.district_a.username, PASSWORD)
    officer.goto("/complaints/")
    officer.get_by_role("link", name=complaint.work_order_no).click()
    _shows_status(officer, "待受理")
    _loaded(officer.get_by_role("img", name="投诉照片"))  # the resident's photo reaches the officer
    officer.get_by_role("button", name="受理", exact=True).click()
    _shows_status(officer, "已受理")
    expect(officer.get_by_role("button", name="派给企业")).to_be_enabled()
    to_enterprise = officer.get_by_role("button", name="派给企业")
    choose(officer.locator("form").filter(has=to_enterprise), "target", tree.ent_a.name)
    to_enterprise.click()
    _shows_status(officer, "已派单")
    shots(officer, "officer-assigned")
    complaint.refresh_from_db()
    assert complaint.status == Status.ASSIGNED and complaint.assignee_enterprise == tree.ent_a

    enterprise = open_page(PHONE)
    sign_in(enterprise, users.ent_a.username, PASSWORD)
    enterprise.goto(f"/complaints/{complaint.pk}/")
    enterprise.get_by_role("button", name="签收").click()
    _shows_status(enterprise, "已签收")
    enterprise.get_by_label("答复内容", exact=True).fill("已安排保洁人员当天清运，并增加 3 号楼的清运频次。")
    shots(enterprise, "enterprise-answer")
    enterprise.get_by_role("button", name="提交答复").click()
    _shows_status(enterprise, "已答复")
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED

    # The SMS the resident's phone received carries the rating link.
    sms = Notification.objects.filter(channel=NotificationChannel.SMS, address="13812345678").order_by("-id")
    link = re.search(r"https?://\S+/complaint/rate/\S+/", sms.first().body).group(0)
    resident.goto(urlparse(link).path)
    expect(resident.get_by_text("已安排保洁人员当天清运")).to_be_visible()
    unsatisfied = resident.get_by_label("不满意", exact=True)
    expect(unsatisfied).to_be_visible()
    unsatisfied.check()
    resident.get_by_label("意见", exact=True).fill("垃圾清运后第二天又堆满了。")  # focus leaves the radio
    expect(unsatisfied).to_be_checked()
    expect(resident.get_by_label("满意", exact=True)).not_to_be_checked()  # exact: not 不满意/基本满意
    expect(resident.get_by_label("基本满意", exact=True)).not_to_be_checked()
    satisfied = resident.get_by_label("满意", exact=True)
    looks = [radio.evaluate("r => getComputedStyle(r).backgroundColor") for radio in (unsatisfied, satisfied)]
    assert looks[0] != looks[1]  # the chosen one looks chosen without the focus on it
    box = unsatisfied.bounding_box()
    assert box and 8 <= box["width"] <= 40 and 8 <= box["height"] <= 40  # a radio, not a blank bar
    shots(resident, "resident-rates-unsatisfied")
    resident.get_by_role("button", name="提交评价").click()
    expect(resident.get_by_role("heading", name="感谢您的评价")).to_be_visible()
    resident.get_by_role("link", name="查看办理进展").click()
    expect(resident.get_by_label("查询码", exact=True)).to_have_value(code)
    resident.get_by_label("手机号后四位").fill("5678")
    resident.get_by_role("button", name="查询").click()
    expect(resident.get_by_role("listitem").filter(has_text=re.compile(r"^\s*状态"))).to_contain_text("重新办理")
    _loaded(resident.get_by_role("img", name="投诉照片"))
    shots(resident, "resident-reopened")
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.feedback == "unsatisfied"


# --- inspector on a phone ---------------------------------------------------------------------------
def test_inspector_scores_two_items_on_a_phone_and_submits(tree, users, open_page, shots):
    from inspections import draws, workflow
    from inspections.choices import InspectionStatus
    from inspections.demo_standard import install_demo_standard
    from inspections.models import Draw, StandardItem

    expect = _expect()
    standard = install_demo_standard()
    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a, last_name=f"检查员{i}") for i in range(2)]
    draw = Draw.objects.create(name="抽查", region=tree.a, project_count=1, created_by=users.district_a)
    draw.inspector_pool.set(inspectors)
    draws.execute(draw, actor=users.district_a)
    (inspection,) = workflow.create_for_draw(draw)
    lead = inspection.inspectors.get(pk=draw.results.get().inspectors[0])
    items = list(StandardItem.objects.filter(category__standard=standard).order_by("code")[:40:30])

    page = open_page(PHONE)
    sign_in(page, lead.username, PASSWORD)
    page.goto("/supervision/inspections/mine/")
    page.get_by_role("link", name=re.compile(inspection.project.name)).click()
    expect(page.get_by_role("heading", name=re.compile(inspection.project.name))).to_be_visible()
    for item, points, reason in zip(items, ("2", "1.5"), ("消防通道堆放杂物", "楼道照明损坏"), strict=True):
        row = page.locator(f"#item-{item.pk}")
        row.get_by_text("扣分", exact=True).click()  # the row's <summary> opens its form
        row.get_by_label("扣分", exact=True).fill(points)
        row.get_by_label("扣分理由").fill(reason)
        y_before = page.evaluate("window.scrollY")
        row.get_by_role("button", name="记录扣分").click()
        expect(page.locator(f"#item-{item.pk}")).to_contain_text(re.compile(rf"扣 {points}(\.0)? 分"))
        assert abs(page.evaluate("window.scrollY") - y_before) < 400  # scored in place: no jump to the top
        shots(page, f"inspector-deducted-{item.code}", full_page=False)
    running = page.locator("[data-running-score]")
    expected = float(inspection.total_points) - sum(float(p) for p in ("2", "1.5"))
    expect(running).to_have_text(re.compile(rf"^{expected:g}(\.0+)?$"))

    page.get_by_role("link", name="提交检查结果").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("共 2 项扣分")
    shots(page, "inspector-confirm-modal", full_page=False)
    dialog.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("heading", name=re.compile(inspection.project.name))).to_contain_text("待会签")
    shots(page, "inspector-submitted", full_page=False)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.SUBMITTED
    assert float(inspection.score) == expected


# --- coverage drill-down and export ------------------------------------------------------------
def test_city_officer_drills_coverage_down_two_levels_and_exports_it(tree, users, open_page, shots):
    from openpyxl import load_workbook

    from projects.choices import ManagementMode

    from .factories import ProjectFactory

    expect = _expect()
    for mode in (ManagementMode.BASIC_CLEANING, ManagementMode.UNMANAGED, ManagementMode.UNMANAGED):
        ProjectFactory(region=tree.a1a, management_mode=mode)  # the street: 4 projects, 1 professional
    page = open_page(LAPTOP)
    main = page.get_by_role("main")
    sign_in(page, users.city.username, PASSWORD)
    page.goto("/registry/coverage/")
    expect(main.get_by_role("heading", name=re.compile("物业管理覆盖率"))).to_be_visible()
    shots(page, "coverage-city")
    main.get_by_role("link", name=tree.a.name, exact=True).click()
    expect(main.get_by_role("heading", name=re.compile(tree.a.name))).to_be_visible()
    shots(page, "coverage-district")
    main.get_by_role("link", name=tree.a1.name, exact=True).click()
    expect(main.get_by_role("heading", name=re.compile(tree.a1.name))).to_be_visible()
    community = main.get_by_role("row", name=re.compile(tree.a1a.name))
    expect(community).to_contain_text("25.00%")  # 1 of 4 professionally managed
    expect(community.get_by_role("cell").nth(1)).to_have_text("4")  # 项目总数, after the region's name
    shots(page, "coverage-street")

    # The page's own export (the navbar's “我的导出” is outside <main>).
    named = re.compile(r"^\s*导出")
    export = main.get_by_role("link", name=named).or_(main.get_by_role("button", name=named))
    expect(export.first).to_be_visible()
    with page.expect_download() as download_info:
        export.first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = shots.folder / download.suggested_filename
    download.save_as(str(path))
    cells = {str(c) for row in load_workbook(path).active.iter_rows(values_only=True) for c in row if c is not None}
    assert tree.a1a.name in cells


# --- enterprise self-report -------------------------------------------------------------------------
def test_enterprise_files_its_quarterly_self_report(tree, users, open_page, shots):
    from django.utils import timezone

    from inspections import selfreports
    from inspections.choices import ReportStatus
    from inspections.demo_standard import install_demo_standard
    from inspections.models import SelfReport

    expect = _expect()
    install_demo_standard()
    today = timezone.localdate()
    selfreports.generate(today.year, (today.month - 1) // 3 + 1)
    report = SelfReport.objects.get(project=tree.project_a)
    code = next(iter(selfreports.applicable_items(report).values_list("code", flat=True)))

    page = open_page(LAPTOP)
    sign_in(page, users.ent_a.username, PASSWORD)
    page.goto("/supervision/reports/")
    expect(page.get_by_role("link", name=tree.project_b.name)).to_have_count(0)  # only its own projects
    page.get_by_role("link", name=tree.project_a.name).click()
    score = page.get_by_label(code, exact=True)
    expect(score).to_have_value("")  # not pre-set to full marks
    page.get_by_role("button", name="提交自查自评").click()  # refused by the browser: every item is required
    expect(page.get_by_role("heading", name=re.compile(tree.project_a.name))).to_contain_text("待填报")
    full = float(score.get_attribute("max"))
    boxes = page.locator("input[name^=score_]")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        box.fill(box.get_attribute("max"))
    score.fill(f"{full - 1:g}")
    shots(page, "self-report-form", full_page=False)
    evidence = page.get_by_label("佐证说明", exact=True)
    evidence.fill("本季度已完成消防设施年检，楼道照明已全部更换。")
    evidence.scroll_into_view_if_needed()
    shots(page, "self-report-evidence", full_page=False)
    page.get_by_role("button", name="提交自查自评").click()
    expect(page.get_by_role("heading", name=re.compile(tree.project_a.name))).to_contain_text("待审核")
    shots(page, "self-report-submitted", full_page=False)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.scores == {code: f"{full - 1:g}"} or float(report.scores[code]) == full - 1


# --- dashboard donut ------------------------------------------------------------------------------
def test_the_channel_donut_names_every_channel_in_full(tree, users, open_page, shots):
    from complaints.choices import Channel
    from dashboards import rollup

    from .factories import make_complaint

    expect = _expect()
    channels = [*Channel, Channel.HOTLINE_12345]  # every channel, 12345 twice
    channels.remove(Channel.API)
    for channel in channels:
        make_complaint(tree.project_a, channel=channel)
    rollup.rebuild()
    page = open_page(LAPTOP)
    sign_in(page, users.city.username, PASSWORD)
    page.goto("/dashboards/")
    chart = page.locator('[data-chart="channel"] svg')
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="12345 热线 2")).to_have_count(1)
    texts = chart.locator("text").all_text_contents()
    for channel in set(channels):
        assert any(t.startswith(str(channel.label)) for t in texts), (channel.label, texts)
    assert not [t for t in texts if "..." in t or "…" in t], texts  # nothing cut short
    page.locator('[data-chart="channel"]').scroll_into_view_if_needed()
    shots(page, "dashboard-channel-donut", full_page=False)


# --- the region picker of a new account -------------------------------------------------------
def test_the_region_picker_follows_the_role_and_keeps_the_portals_order(tree, users, open_page, shots):
    expect = _expect()
    page = open_page(LAPTOP)
    sign_in(page, users.district_a.username, PASSWORD)
    page.goto("/accounts/staff/new/")
    main = page.get_by_role("main")
    options = page.locator(".ts-dropdown .option")
    region = main.locator("#id_region-ts-control")

    choose(main, "role", "社区")
    region.click()
    expect(options).to_have_text([re.compile(tree.a1a.name)])  # communities only
    shots(page, "staff-region-community", full_page=False)
    choose(main, "role", "检查员")  # any level: the district, its street, its community
    region.click()
    expect(options).to_have_count(3)
    expect(options.first).to_contain_text(tree.a.name)
    # Typing the street's name answers the street: the community listed before (its label names
    # the street) is not matched again on its label and ranked above it.
    region.fill(tree.a1.name[:3])
    expect(options).to_have_text([re.compile(f"{tree.a.name} / {tree.a1.name}")])
    shots(page, "staff-region-typed", full_page=False)
    choose(main, "role", "街道（乡镇）")
    region.click()
    expect(options).to_have_text([re.compile(tree.a1.name)])
    options.first.click()
    expect(main.locator("select[name=region]")).to_have_value(str(tree.a1.pk))
