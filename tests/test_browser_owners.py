"""Owners' self-governance in a real browser.

An owner signs in on a phone (mobile number, the last six characters of the ID number, the code
of the SMS in the outbox), opens the open vote, casts the ballot, sees the receipt codes and
checks one on the receipt page; a second submission from another tab is refused and the owner's
units count once. A street officer takes a committee from the owners' application through the
preparatory group, the posted documents, the first meeting (an owners' vote the officer drafts
and posts the roll of), the officers' election up to the filing, every committee step clicked in
the staff pages. The case is recorded after the fact (the forms take past days only); what the
portal cannot wait for (the notice 16 days before the opening, the owners voting, the count and
the objection period) passes through the lifecycle functions' ``now`` arguments.

Fixtures and helpers: tests/browser.py. Screenshots: ``test-artifacts/browser/<test>/``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

from .browser import LAPTOP, MARKS, expect, sign_in
from .owner_rolls import choices_for, hold, owner, resident_id, unit

pytestmark = MARKS

PHONE = "13812345678"
# The phone the issue asks for (an iPhone X/11 Pro–sized screen).
SMALL_PHONE = {
    "viewport": {"width": 375, "height": 812},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DAY = dt.timedelta(days=1)


def _open_vote(project, officer, matters, title):
    """A vote open since yesterday (noticed 20 days ago), through the lifecycle functions."""
    from owners import votes

    now = timezone.now().replace(second=0, microsecond=0)
    vote = votes.draft(project, title=title, matters=matters, actor=officer)
    opens = now - DAY
    vote = votes.give_notice(vote, opens_at=opens, closes_at=opens + 7 * DAY, actor=officer, now=now - 20 * DAY)
    votes.post_roll(vote, actor=officer)
    return votes.open_vote(vote, now=opens)


def _sms_code(phone) -> str:
    from notifications.models import Notification

    sms = Notification.objects.filter(address=phone, channel="sms").latest("pk")
    return re.search(r"\d{6}", sms.body).group(0)


def _owner_signs_in(page, phone, tail):
    from captcha.models import CaptchaStore

    page.goto("/owner/")
    page.get_by_label("手机号码").fill(phone)
    page.get_by_label("证件号码后六位").fill(tail)
    key = page.locator("input[name=captcha_0]").input_value()
    page.locator("input[name=captcha_1]").fill(CaptchaStore.objects.get(hashkey=key).response)
    page.get_by_role("button", name="获取短信验证码").click()
    expect()(page.get_by_role("heading", name="输入短信验证码")).to_be_visible()
    page.get_by_label("短信验证码").fill(_sms_code(phone))
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/owner/me/")


def _choose(page, vote, answers):
    for matter, answer in zip(vote.matters.order_by("position"), answers, strict=True):
        page.locator(f"input[name=matter_{matter.pk}][value={answer}] + label").click()


def test_an_owner_votes_on_a_phone_and_checks_the_receipt(tree, users, open_page, shots):
    from owners import counting
    from owners.models import Ballot, BallotChoice

    e = expect()
    project = tree.project_a
    me = owner(project, 1, name="张三", phone=PHONE)
    mine = [hold(unit(project, "101", "89.50"), me), hold(unit(project, "102", "120.00"), me)]  # one head, two units
    for n in range(2, 6):
        hold(unit(project, f"{n}01", "100.00"), owner(project, n, phone=f"1390000000{n}"))
    vote = _open_vote(
        project,
        users.street_a,
        [("manager", "续聘现物业服务企业，服务期三年"), ("common_parts", "利用东门广告位经营，收益计入维修资金")],
        "续聘物业服务企业及公共收益使用",
    )

    phone = open_page(SMALL_PHONE)
    _owner_signs_in(phone, PHONE, resident_id(1)[-6:])
    e(phone.get_by_text("1号楼1单元101").first).to_be_visible()
    shots(phone, "owner-units-and-votes")
    phone.get_by_role("link", name=re.compile(vote.title)).click()
    e(phone.get_by_role("heading", name=vote.title)).to_be_visible()
    # The same owner has the ballot open on a second tab too.
    second = phone.context.new_page()
    second.goto(phone.url)
    _choose(phone, vote, ["agree", "disagree"])
    shots(phone, "owner-fills-the-ballot")
    phone.get_by_role("button", name="提交选票").click()
    e(phone.get_by_role("alert")).to_contain_text("投票成功")
    receipts = phone.locator("code")
    e(receipts).to_have_count(2)  # one ballot per unit the owner votes for
    codes = sorted(receipts.all_inner_texts())
    assert codes == sorted(Ballot.objects.filter(vote=vote, unit__in=mine).values_list("receipt", flat=True))
    e(phone.get_by_role("button", name="提交选票")).to_have_count(0)  # no second ballot offered
    shots(phone, "owner-sees-receipts")

    # The older tab submits again: refused, nothing added.
    _choose(second, vote, ["disagree", "agree"])
    second.get_by_role("button", name="提交选票").click()
    e(second.locator(".alert-danger")).to_be_visible()
    shots(second, "second-submission-refused")
    assert Ballot.objects.filter(vote=vote).count() == 2

    # The receipt page shows the ballot as it was cast.
    phone.get_by_role("link", name="我的房屋").click()
    phone.get_by_role("link", name="凭回执码核对选票").click()
    phone.get_by_label("回执码").fill(codes[0])
    phone.get_by_role("button", name="核对").click()
    card = phone.locator(".card").filter(has_text=vote.title)
    e(card).to_contain_text("同意")
    e(card).to_contain_text("反对")
    e(card).to_contain_text("将计入表决结果")
    ballot = Ballot.objects.get(receipt=codes[0])
    e(card).to_contain_text(ballot.unit.label)
    shots(phone, "owner-checks-the-receipt")
    assert set(BallotChoice.objects.filter(ballot=ballot).values_list("choice", flat=True)) == {"agree", "disagree"}

    # Counted once: one head with both units' area, whatever the tabs did.
    first = counting.count(vote)[0]
    assert first.voting_heads == 1 and first.voting_area == Decimal("209.50")
    assert first.agree_heads == 1 and first.agree_area == Decimal("209.50")


def _step(page, button):
    """The form on the committee page whose submit button is ``button``."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def _state(page, label):
    expect()(page.locator("main h1 + p > strong")).to_have_text(label)


def test_a_street_officer_takes_a_committee_from_application_to_filing(tree, users, open_page, shots):
    from owners import ballots, votes
    from owners.models import Committee, CommitteeMember, Vote

    e = expect()
    project = tree.project_a
    people = [owner(project, n, name=f"业主{n}") for n in range(1, 10)]
    for n, person in enumerate(people):
        hold(unit(project, f"{n + 1:02d}01", "100"), person)
    # The case is recorded after the fact: every date typed in lies in the past (the forms refuse
    # future days), so that the first meeting, its election and the filing are past too.
    today = timezone.localdate() - 60 * DAY
    officer = open_page(LAPTOP)
    sign_in(officer, users.street_a.username)

    # The roll, then the owners' eligibility and their written application.
    officer.goto("/self-governance/projects/")
    officer.get_by_role("link", name=project.code).click()
    officer.get_by_role("button", name="登记具备成立业主委员会条件").click()
    _state(officer, "具备成立条件")
    form = _step(officer, "登记业主书面申请")
    form.get_by_label("收到申请日期").fill(f"{today:%Y-%m-%d}")
    form.get_by_label("申请业主人数").fill("6")
    form.get_by_role("button").click()
    _state(officer, "业主已申请")
    shots(officer, "applied")

    # The street forms the preparatory group and posts its list.
    form = _step(officer, "成立筹备组并公示名单")
    form.get_by_label("成立日期").fill(f"{today:%Y-%m-%d}")
    form.get_by_label("组长（街道代表）").fill("街道办事处 王主任")
    form.get_by_label("业主代表").select_option(label=["业主1", "业主2", "业主3"])
    form.get_by_label("其他成员").fill("社区代表，杆石桥社区")
    form.get_by_role("button").click()
    _state(officer, "筹备中")
    e(officer.get_by_text("业主大会筹备组成员名单").first).to_be_visible()

    # The preparation's documents posted; an owner's objection received and answered.
    for kind, title in (
        ("业主名册", "业主名册（公示）"),
        ("管理规约草案", "《管理规约》（草案）"),
        ("业主大会议事规则草案", "《业主大会议事规则》（草案）"),
        ("业主委员会委员候选人名单", "第一届业主委员会委员候选人名单"),
    ):
        form = _step(officer, "公示文件")
        form.get_by_label("类别").select_option(label=kind)
        form.get_by_label("标题").fill(title)
        form.get_by_label("公示或报送日期").fill(f"{today:%Y-%m-%d}")
        form.get_by_role("button").click()
        e(officer.get_by_text(title).first).to_be_visible()
    form = _step(officer, "登记业主异议")
    form.get_by_label("异议人").fill("业主9")
    form.get_by_label("异议内容").fill("候选人名单缺少 9 号楼的业主。")
    form.get_by_label("收到日期").fill(f"{today:%Y-%m-%d}")
    form.get_by_role("button").click()
    form = _step(officer, "答复异议")
    form.get_by_label("异议", exact=True).select_option(label="业主9")
    form.get_by_label("答复", exact=True).fill("9 号楼业主未报名；报名期内可补充报名。")
    form.get_by_label("答复日期").fill(f"{today:%Y-%m-%d}")
    form.get_by_role("button").click()
    e(officer.get_by_text("已答复").first).to_be_visible()
    shots(officer, "preparation-posted")

    # The first meeting: the officer drafts the vote and posts its roll.
    officer.get_by_role("link", name="房屋业主名册").click()
    officer.get_by_role("link", name="发起表决").click()
    officer.get_by_label("表决名称").fill("首次业主大会会议")
    officer.get_by_label("组织者").select_option(label="业主大会筹备组")
    for n, (kind, title) in enumerate(
        (
            ("制定和修改业主大会议事规则", "通过《业主大会议事规则》"),
            ("制定和修改管理规约", "通过《管理规约》"),
            ("选举业主委员会或者更换业主委员会成员", "选举第一届业主委员会"),
        ),
        start=1,
    ):
        officer.get_by_label(f"事项 {n} 类别").select_option(label=kind)
        officer.get_by_label(f"事项 {n} 内容").fill(title)
    officer.get_by_role("button", name="保存草稿").click()
    vote = Vote.objects.get(project=project, title="首次业主大会会议")
    # The notice went out 58 days ago (through the function's ``now``: the page gives notice today).
    noticed = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - 58 * DAY
    opens = noticed + 16 * DAY
    votes.give_notice(vote, opens_at=opens, closes_at=opens + 7 * DAY, actor=users.street_a, now=noticed)
    officer.reload()
    officer.get_by_role("button", name="公示表决名册").click()
    e(officer.get_by_role("button", name=re.compile("重新公示表决名册"))).to_be_visible()
    shots(officer, "first-meeting-noticed")

    committee = Committee.objects.get(project=project)
    officer.goto(f"/self-governance/committees/{committee.pk}/")
    form = _step(officer, "以该表决召开业主大会会议")
    form.get_by_label("业主大会表决").select_option(label=vote.title)
    form.get_by_role("button").click()
    _state(officer, "召开业主大会会议")

    # The vote opened 42 days ago, seven owners of nine agreed, it closed, was counted and announced.
    votes.open_vote(vote, now=opens)
    vote.refresh_from_db()
    for person in people[:7]:
        ballots.cast_online(vote, owners=[person], choices=choices_for(vote, "agree"))
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=users.street_a, now=vote.closes_at + dt.timedelta(hours=2))
    vote.refresh_from_db()
    votes.announce(vote, actor=users.street_a, now=vote.objections_end_at)
    elected = timezone.localtime(vote.objections_end_at).date()

    # The election, the committee's first meeting, the filing: clicked in the page.
    officer.reload()
    form = _step(officer, "登记选举结果")
    form.get_by_label("选举日期").fill(f"{elected:%Y-%m-%d}")
    form.get_by_label("当选委员").select_option(label=[p.name for p in people[:7]])
    form.get_by_role("button").click()
    _state(officer, "已选举，待选主任")
    shots(officer, "elected")
    form = _step(officer, "登记主任、副主任")
    form.get_by_label("业主委员会首次会议日期").fill(f"{elected + 2 * DAY:%Y-%m-%d}")
    form.get_by_label("主任", exact=True).select_option(label="业主1")
    form.get_by_label("副主任").select_option(label=["业主2"])
    form.get_by_role("button").click()
    _state(officer, "待备案")
    form = _step(officer, "受理备案")
    form.get_by_label("备案日期").fill(f"{elected + 10 * DAY:%Y-%m-%d}")
    form.get_by_label("备案文号").fill("市中备〔2026〕第 1 号")
    form.get_by_role("button").click()
    _state(officer, "任期中")
    shots(officer, "filed-active")

    committee.refresh_from_db()
    assert committee.state == "active" and committee.first_meeting_id == vote.pk
    assert committee.elected_on == elected and committee.filed_on == elected + 10 * DAY
    assert committee.term_ends.year == elected.year + 5
    sitting = CommitteeMember.objects.filter(committee=committee, body="committee", ended_on__isnull=True)
    assert sorted(sitting.values_list("name", flat=True)) == sorted(p.name for p in people[:7])
    assert sitting.get(role="chair").name == "业主1" and sitting.get(role="vice").name == "业主2"
    steps = list(committee.events.values_list("type", flat=True))
    for kind in ("eligible", "applied", "group_formed", "answered", "meeting", "elected", "officers", "filed"):
        assert kind in steps
    assert all(
        a == users.street_a.pk for a in committee.events.exclude(type="eligible").values_list("actor", flat=True)
    )

    # The compound's public page shows the committee, its term and the filing.
    public = open_page(SMALL_PHONE)
    public.goto(f"/compound/{project.code}/")
    e(public.get_by_text("市中备〔2026〕第 1 号").first).to_be_visible()
    shots(public, "public-page-committee")
