"""The owners' pages: role × URL (officers of the region only, 404 outside it), an owner voting
on a phone through the pages, the officers running and suspending a vote, the project's public
page and the result page (by unit number and area, never names), hostile input on the forms."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from owners import ballots, votes
from owners.models import Ballot, Committee, Owner, Vote

from .owner_rolls import choices_for, hold, open_vote_on, owner, register_row, resident_id, unit, workbook
from .test_owners_signin import sign_in

ROLES = ["anon", "admin", "city", "district_a", "district_b", "street_a", "community_a", "police", "ent_a", "ent_b"]


def row(url, *statuses):
    return pytest.param(url, dict(zip(ROLES, statuses, strict=True)), id=url)


# fmt: off
#                                                        anon admin city  dA   dB   stA  coA  pol  entA entB
TABLE = [
    row("/self-governance/votes/",                        302, 200, 200, 200, 200, 200, 200, 403, 403, 403),
    row("/self-governance/votes/{vote.pk}/",              302, 200, 200, 200, 404, 200, 200, 403, 403, 403),
    row("/self-governance/votes/new/?project={p.pk}",     302, 200, 403, 403, 403, 200, 200, 403, 403, 403),
    row("/self-governance/projects/",                     302, 200, 200, 200, 200, 200, 200, 403, 403, 403),
    row("/self-governance/projects/{p.pk}/roll/",         302, 200, 200, 200, 404, 200, 200, 403, 403, 403),
    row("/self-governance/projects/{p.pk}/roll/import/",  302, 200, 200, 200, 404, 200, 403, 403, 403, 403),
    row("/self-governance/units/{u.pk}/",                 302, 200, 200, 200, 404, 200, 403, 403, 403, 403),
    row("/self-governance/owners/{o.pk}/",                302, 200, 200, 200, 404, 200, 403, 403, 403, 403),
    row("/self-governance/ballot-scans/{scan.pk}/",       302, 200, 200, 200, 404, 200, 200, 404, 404, 404),
    row("/self-governance/committees/",                   302, 200, 200, 200, 200, 200, 200, 403, 403, 403),
    row("/self-governance/committees/?show=renewals",     302, 200, 200, 200, 200, 200, 200, 403, 403, 403),
    row("/self-governance/committees/{c.pk}/",            302, 200, 200, 200, 404, 200, 200, 403, 403, 403),
    row("/owner/",                                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/owner/me/",                                     302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/owner/votes/{vote.pk}/",                        302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/owner/votes/{vote.pk}/result/",                 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/owner/receipt/",                                200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/compound/{p.code}/",                            200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
]
# fmt: on


@pytest.fixture
def running(tree, users):
    """Project A's roll (three owners, owner 1 with a phone) and an open vote on it."""
    p = tree.project_a
    people = [owner(p, n, phone="13812345678" if n == 1 else "", name=f"业主姓名{n}") for n in range(1, 4)]
    for n, person in enumerate(people):
        hold(unit(p, f"10{n}", "90.50"), person)
    return open_vote_on(p, users.street_a, matters=[("manager", "续聘物业服务企业"), ("raise_fund", "续筹维修资金")])


@pytest.fixture
def scan(running, users):
    """The scan of a paper ballot of the running vote."""
    from django.core.files.base import ContentFile

    from core.attachments import CleanAttachment

    pdf = CleanAttachment(ContentFile(b"%PDF-1.4\n%%EOF\n", name="s"), "application/pdf", "选票.pdf")
    unit = running.project.units.order_by("number").last()
    ballot = ballots.enter_paper(
        running,
        unit=unit,
        choices=choices_for(running, "agree"),
        scan=pdf,
        received_on=running.opens_at.date(),
        actor=users.street_a,
    )
    return ballot.scan


@pytest.mark.parametrize("url,expected", TABLE)
def test_role_url_status(tree, users, running, scan, client_for, url, expected):
    u = running.project.units.first()
    committee = Committee.objects.create(project=tree.project_a, state="applied")
    o = Owner.objects.filter(project=tree.project_a).first()
    url = url.format(vote=running, p=tree.project_a, u=u, o=o, scan=scan, c=committee)
    for role, status in expected.items():
        response = client_for(None if role == "anon" else getattr(users, role)).get(url)
        assert response.status_code == status, f"{role} GET {url}: {response.status_code}, expected {status}"


def test_an_owner_votes_on_a_phone_and_checks_the_receipt(tree, users, running, client):
    sign_in(client)
    page = client.get("/owner/me/").content.decode()
    assert running.title in page
    page = client.get(f"/owner/votes/{running.pk}/").content.decode()
    assert "1号楼1单元100" in page and "提交选票" in page
    matters = list(running.matters.order_by("position"))
    answer = {f"matter_{matters[0].pk}": "agree", f"matter_{matters[1].pk}": "disagree"}
    assert client.post(f"/owner/votes/{running.pk}/", {f"matter_{matters[0].pk}": "agree"}).status_code == 200
    assert not Ballot.objects.exists()  # one matter left out: nothing saved
    assert client.post(f"/owner/votes/{running.pk}/", answer).status_code == 302
    ballot = Ballot.objects.get()
    page = client.get(f"/owner/votes/{running.pk}/").content.decode()
    assert ballot.receipt in page and "提交选票" not in page
    assert client.post(f"/owner/votes/{running.pk}/", answer).status_code == 200  # no re-voting
    assert Ballot.objects.count() == 1
    client.post("/owner/sign-out/")
    check = client.post("/owner/receipt/", {"code": ballot.receipt.lower()}).content.decode()
    assert "1号楼1单元100" in check and "同意" in check and "反对" in check and "业主姓名1" not in check
    assert "没有找到" in client.post("/owner/receipt/", {"code": "A" * 12}).content.decode()


def test_an_owner_cannot_open_another_project_s_vote(tree, users, running, client):
    other = owner(tree.project_b, 1, phone="13812345678")
    hold(unit(tree.project_b, "808", "50"), other)
    Owner.objects.filter(project=tree.project_a).update(phone="")
    sign_in(client)
    assert client.get(f"/owner/votes/{running.pk}/").status_code == 404


def test_officers_run_the_vote_through_the_pages(tree, users, client_for):
    p = tree.project_a
    client = client_for(users.street_a)
    form = {"title": "选聘物业", "organiser": "preparatory", "kind_1": "manager", "matter_1": "选聘某物业公司"}
    response = client.post(f"/self-governance/votes/new/?project={p.pk}", form)
    vote = Vote.objects.get()
    assert response["Location"] == f"/self-governance/votes/{vote.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "发布公告" in page and "中止表决" not in page  # a draft is not suspendable
    short = client.post(
        f"/self-governance/votes/{vote.pk}/notice/", {"opens_at": "2026-01-01T09:00", "closes_at": "2026-01-08T18:00"}
    )
    assert short.status_code == 302 and Vote.objects.get().status == "draft"
    assert "15" in client.get(short["Location"]).content.decode()
    import_response = client_for(users.street_a).post(
        f"/self-governance/projects/{p.pk}/roll/import/",
        {"file": workbook([register_row("101", 1), register_row("102", 2)])},
    )
    assert import_response.status_code == 302 and p.units.count() == 2
    from datetime import timedelta

    from django.utils import timezone

    opens = timezone.localtime() + timedelta(days=16)
    client.post(
        f"/self-governance/votes/{vote.pk}/notice/",
        {"opens_at": f"{opens:%Y-%m-%dT%H:%M}", "closes_at": f"{opens + timedelta(days=5):%Y-%m-%dT%H:%M}"},
    )
    client.post(f"/self-governance/votes/{vote.pk}/post-roll/")
    assert Vote.objects.get().status == "roll_posted" and Vote.objects.get().roll_units == 2
    assert (
        client_for(users.community_a).post(f"/self-governance/votes/{vote.pk}/suspend/", {"reason": "x"}).status_code
        == 403
    )
    assert Vote.objects.get().status == "roll_posted"  # the community may not suspend
    client = client_for(users.district_a)
    client.post(f"/self-governance/votes/{vote.pk}/suspend/", {"reason": "公告内容有误"})
    assert Vote.objects.get().status == "suspended"
    assert (
        client_for(users.district_b).post(f"/self-governance/votes/{vote.pk}/suspend/", {"reason": "x"}).status_code
        == 404
    )


def test_paper_ballots_through_the_page(tree, users, running, client_for):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    matters = list(running.matters.order_by("position"))
    data = {
        "unit": "1号楼1单元101",
        "received_on": f"{running.opens_at:%Y-%m-%d}",
        "scan": SimpleUploadedFile("选票.png", buf.getvalue()),
        **{f"matter_{m.pk}": "agree" for m in matters},
    }
    client = client_for(users.street_a)
    client.post(f"/self-governance/votes/{running.pk}/paper/", data)
    ballot = Ballot.objects.get()
    assert ballot.channel == "paper" and ballot.entered_by == users.street_a
    data["scan"] = SimpleUploadedFile("选票.png", buf.getvalue())
    page = client.get(client.post(f"/self-governance/votes/{running.pk}/paper/", data)["Location"]).content.decode()
    assert "不再计入" in page and Ballot.objects.count() == 1
    data.update(unit="1号楼1单元999", scan=SimpleUploadedFile("x.png", buf.getvalue()))
    page = client.get(client.post(f"/self-governance/votes/{running.pk}/paper/", data)["Location"]).content.decode()
    assert "没有房号" in page
    data.update(unit="1号楼1单元102", scan=SimpleUploadedFile("x.txt", b"not an image"))
    page = client.get(client.post(f"/self-governance/votes/{running.pk}/paper/", data)["Location"]).content.decode()
    assert "JPG" in page and Ballot.objects.count() == 1


def test_the_public_pages_show_the_notice_and_the_result_without_names(tree, users, running, client):
    page = client.get(f"/compound/{tree.project_a.code}/").content.decode()
    assert "业主大会表决" in page and running.title in page and "续聘物业服务企业" in page
    people = list(Owner.objects.filter(project=tree.project_a).order_by("pk"))
    for person in people[:2]:
        ballots.cast_online(running, owners=[person], choices=choices_for(running, "agree"))
    votes.close_vote(running, now=running.closes_at)
    votes.publish_preliminary(running, actor=users.street_a)
    page = client.get(f"/owner/votes/{running.pk}/result/").content.decode()
    assert "1号楼1单元100 90.50" in page and "1号楼1单元101 90.50" in page and "1号楼1单元102" not in page
    assert "181.00 m² ≥ 271.50 m² × 2/3 = 181.00 m²" in page  # exactly two thirds, with its arithmetic
    assert "业主姓名" not in page and "13812345678" not in page
    assert "通过" in client.get(f"/compound/{tree.project_a.code}/").content.decode()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", '=HYPERLINK("http://evil")', "不能以"),
        ("title", "长" * 121, "120"),
        ("matter_1", "@SUM(1)", "不能以"),
        ("kind_1", "martian", "选择"),
        ("title", "x" * (11 * 1024 * 1024), ""),
    ],
)
def test_hostile_input_on_the_draft_form(tree, users, client_for, field, value, message):
    form = {"title": "表决", "organiser": "preparatory", "kind_1": "manager", "matter_1": "续聘", field: value}
    response = client_for(users.street_a).post(f"/self-governance/votes/new/?project={tree.project_a.pk}", form)
    assert response.status_code in (200, 400) and message in response.content.decode()
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"area": "８９.５"}, "面积"),
        ({"area": str(2**63)}, "面积"),
        ({"area": "0"}, "面积"),
        ({"reason": ""}, "更正理由"),
        ({"delivered_on": "2026-02-30"}, "交付日期"),
    ],
)
def test_hostile_input_on_the_unit_correction(tree, users, running, client_for, data, message):
    u = running.project.units.first()
    form = {"area": "88.00", "reason": "按登记更正", **data}
    page = client_for(users.street_a).post(f"/self-governance/units/{u.pk}/", form).content.decode()
    assert message in page
    u.refresh_from_db()
    assert u.area == Decimal("90.50")


def test_the_owner_correction_keeps_the_phone_masked(tree, users, running, client_for):
    o = Owner.objects.get(phone="13812345678")
    client = client_for(users.street_a)
    page = client.get(f"/self-governance/owners/{o.pk}/").content.decode()
    assert "13812345678" not in page and "138****5678" in page
    client.post(f"/self-governance/owners/{o.pk}/", {"name": "业主姓名1", "phone": "", "reason": "更正姓名"})
    assert Owner.objects.get(pk=o.pk).phone == "13812345678"  # blank keeps it
    page = client.post(f"/self-governance/owners/{o.pk}/", {"name": "张三", "phone": "١٣٨١٢٣٤٥٦٧٨", "reason": "换号"})
    assert "手机号码" in page.content.decode() and Owner.objects.get(pk=o.pk).name == "业主姓名1"
    roll_page = client.get(f"/self-governance/projects/{tree.project_a.pk}/roll/").content.decode()
    assert "13812345678" not in roll_page and "138****5678" in roll_page and resident_id(1) not in roll_page


def test_the_roll_page_opens_by_project_code(tree, users, client_for):
    client = client_for(users.street_a)
    assert client.get(f"/self-governance/projects/?code={tree.project_a.code}")["Location"].endswith("/roll/")
    assert (
        "没有编号" in client.get(f"/self-governance/projects/?code={tree.project_b.code}", follow=True).content.decode()
    )
    assert client.get("/self-governance/projects/?code=%00").status_code == 400


def test_the_menu_shows_the_entries_to_officers(tree, users, client_for):
    page = client_for(users.street_a).get("/workbench/").content.decode()
    assert "业主大会表决" in page and re.search("房屋业主名册", page)
    assert "业主大会表决" not in client_for(users.ent_a).get("/workbench/").content.decode()
