"""A resident's rating in a real browser: the link in the SMS opens the answer on a phone, 不满意
reopens the complaint, the officer sends it back to the enterprise, the enterprise answers again,
the first link is spent and the new SMS's link rates 满意, which closes the complaint; when the
problem comes back the resident asks, on the tracking page, for it to be reopened.

Fixtures and helpers: tests/browser.py. Screenshots: ``test-artifacts/browser/<test>/``.
"""

from __future__ import annotations

import re

from .browser import LAPTOP, MARKS, PHONE, choose, expect, sign_in
from .factories import make_complaint
from .test_complaint_public import rating_link

pytestmark = MARKS

PHONE_NUMBER = "13812345678"


def _status(page, label):
    """The complaint page (swapped in place by htmx) shows the status ``label``."""
    expect()(page.locator("#complaint-detail").get_by_text(label, exact=True).first).to_be_visible()


def _track(page, code):
    """The tracking page, reached from the thanks page's link, opened with the phone's last digits."""
    page.get_by_role("link", name="查看办理进展").click()
    expect()(page.get_by_label("查询码", exact=True)).to_have_value(code)
    page.get_by_label("手机号后四位").fill(PHONE_NUMBER[-4:])
    page.get_by_role("button", name="查询").click()
    return page.get_by_role("listitem").filter(has_text=re.compile(r"^\s*状态"))


def _rate(page, label, comment):
    choice = page.get_by_label(label, exact=True)
    choice.check()
    page.get_by_label("意见", exact=True).fill(comment)
    expect()(choice).to_be_checked()


def test_resident_rates_through_the_sms_link_reopens_and_rates_the_second_answer(tree, users, open_page, shots):
    from complaints import workflow
    from complaints.choices import Status

    e = expect()
    complaint = make_complaint(tree.project_a, complainant_phone=PHONE_NUMBER)
    officer = users.district_a
    complaint = workflow.assign(workflow.accept(complaint, actor=officer), actor=officer, to=tree.ent_a)
    workflow.answer(workflow.sign(complaint, actor=users.ent_a), actor=users.ent_a, text="已安排保洁当天清运。")
    first_link = rating_link(complaint)  # the path of the link in the SMS the phone received

    resident = open_page(PHONE)
    resident.goto(first_link)
    e(resident.get_by_text("已安排保洁当天清运")).to_be_visible()
    e(resident.get_by_text(complaint.tracking_code)).to_be_visible()
    _rate(resident, "不满意", "第二天又堆满了，没有根本解决。")
    shots(resident, "resident-rates-unsatisfied")
    resident.get_by_role("button", name="提交评价").click()
    e(resident.get_by_role("heading", name="感谢您的评价")).to_be_visible()
    e(_track(resident, complaint.tracking_code)).to_contain_text("重新办理")
    shots(resident, "resident-sees-reopened")
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED and complaint.feedback == "unsatisfied"

    # The officer finds it reopened and sends it back to the enterprise.
    officer = open_page(LAPTOP)
    sign_in(officer, users.district_a.username)
    officer.goto(f"/complaints/{complaint.pk}/")
    _status(officer, "重新办理")
    e(officer.locator("#complaint-detail")).to_contain_text("第二天又堆满了")  # the resident's reason
    to_enterprise = officer.get_by_role("button", name="派给企业")
    choose(officer.locator("form").filter(has=to_enterprise), "target", tree.ent_a.name)
    to_enterprise.click()
    _status(officer, "已派单")
    shots(officer, "officer-reassigns")

    enterprise = open_page(PHONE)
    sign_in(enterprise, users.ent_a.username)
    enterprise.goto(f"/complaints/{complaint.pk}/")
    enterprise.get_by_role("button", name="签收").click()
    _status(enterprise, "已签收")
    enterprise.get_by_label("答复内容", exact=True).fill("已与业主沟通，改为每日两次清运并加装垃圾桶。")
    enterprise.get_by_role("button", name="提交答复").click()
    _status(enterprise, "已答复")

    # The first SMS's link is spent; the new SMS carries a new one.
    resident.goto(first_link)
    e(resident.get_by_role("heading", name="评价链接已失效")).to_be_visible()
    second_link = rating_link(complaint)
    assert second_link != first_link
    resident.goto(second_link)
    e(resident.get_by_text("每日两次清运")).to_be_visible()
    _rate(resident, "满意", "现在干净了，谢谢。")
    e(resident.get_by_label("不满意", exact=True)).not_to_be_checked()
    shots(resident, "resident-rates-satisfied")
    resident.get_by_role("button", name="提交评价").click()
    e(resident.get_by_role("heading", name="感谢您的评价")).to_be_visible()
    e(_track(resident, complaint.tracking_code)).to_contain_text("已办结")
    shots(resident, "resident-sees-closed")
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.feedback == "satisfied"

    # A week later the rubbish is back: within 15 days of closing the resident reopens it.
    reopen = resident.locator("form#reopen")
    reopen.get_by_role("textbox").fill("垃圾桶又满了，连续三天没人清运。")
    reopen.get_by_role("button").click()
    e(resident.get_by_role("listitem").filter(has_text=re.compile(r"^\s*状态"))).to_contain_text("重新办理")
    e(resident.locator("form#reopen")).to_have_count(0)
    shots(resident, "resident-reopens-after-closing")
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED
