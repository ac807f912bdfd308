"""The funds pages: role × URL (officers of the region and the project's enterprise, 404
outside), the owner's ledger (their units only), the project's public page (totals, each use
with its cost and split by unit number and area, the revenue posted), hostile input on forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from funds import revenue, uses
from funds.choices import UseStatus
from funds.models import FundUse, LedgerEntry, RevenueObjection, RevenuePosting

from .fund_rolls import roll_with_account
from .test_funds_uses import attachment
from .test_owners_signin import PHONE, sign_in

ROLES = ["anon", "admin", "city", "district_a", "district_b", "street_a", "community_a", "police", "ent_a", "ent_b"]


def row(url, *statuses):
    return pytest.param(url, dict(zip(ROLES, statuses, strict=True)), id=url)


# fmt: off
#                                                   anon admin city  dA   dB   stA  coA  pol  entA entB
TABLE = [
    row("/funds/projects/",                          302, 200, 200, 200, 200, 200, 200, 403, 200, 200),
    row("/funds/projects/{p.pk}/",                   302, 200, 200, 200, 404, 200, 200, 403, 200, 404),
    row("/funds/projects/{p.pk}/uses/new/",          302, 200, 403, 403, 403, 200, 200, 403, 200, 404),
    row("/funds/projects/{p.pk}/revenue/new/",       302, 200, 403, 403, 403, 403, 403, 403, 200, 404),
    row("/funds/uses/{use.pk}/",                     302, 200, 200, 200, 404, 200, 200, 403, 200, 404),
    row("/funds/documents/{doc.pk}/",                302, 200, 200, 200, 404, 200, 200, 403, 200, 404),
    row("/funds/revenue/{posting.pk}/",              302, 200, 200, 200, 404, 200, 200, 403, 200, 404),
    row("/funds/units/{u.pk}/",                      302, 200, 200, 200, 404, 200, 200, 403, 403, 403),
    row("/funds/units/{u.pk}/transfer/",             302, 200, 200, 200, 404, 403, 403, 403, 403, 403),
    row("/funds/rates/",                             302, 200, 200, 200, 200, 200, 200, 403, 403, 403),
    row("/owner/funds/",                             302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/compound/{p.code}/",                       200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
]
# fmt: on


@pytest.fixture
def running(tree, users):
    """Project A: units 101–103 (owner 1 with a phone holds 101), the first deposits, an
    emergency use disbursed this year and a revenue posting of the last half-year."""
    account, units = roll_with_account(
        tree.project_a, ["89.55", "120.01", "64.33"], users.district_a, phone_of={0: PHONE}
    )
    use = uses.propose(
        tree.project_a,
        actor=users.ent_a,
        proposer="enterprise",
        title="电梯应急维修",
        items="更换主板",
        budget=Decimal("5000"),
        units=units,
        emergency="lift",
    )
    use = uses.review(use, actor=users.district_a, approve=True, note="")
    use = uses.complete(
        use,
        actor=users.ent_a,
        cost=Decimal("4321.09"),
        completed_on=dt.date.today(),
        invoices=[attachment("pdf")],
        photos=[attachment()],
    )
    use = uses.review(use, actor=users.district_a, approve=True, note="")
    uses.disburse(use, actor=users.district_a)
    posting = revenue.enter(
        tree.project_a,
        actor=users.ent_a,
        year=dt.date.today().year - 1,
        half=2,
        advertising="1000",
        parking="2000.50",
        other_income="0",
        costs="500",
    )
    return {"use": use, "units": units, "posting": posting}


@pytest.mark.parametrize("url,expected", TABLE)
def test_role_url_status(tree, users, running, client_for, url, expected):
    use = running["use"]
    url = url.format(
        p=tree.project_a, use=use, doc=use.documents.first(), posting=running["posting"], u=running["units"][0]
    )
    for role, status in expected.items():
        response = client_for(None if role == "anon" else getattr(users, role)).get(url)
        assert response.status_code == status, f"{role} GET {url}: {response.status_code}, expected {status}"


def test_public_page_shows_totals_and_each_use_with_its_split(tree, running, client):
    page = client.get(f"/compound/{tree.project_a.code}/").content.decode()
    use = running["use"]
    balance = sum(LedgerEntry.objects.values_list("amount", flat=True))
    assert str(balance) in page and "4321.09" in page and "电梯应急维修" in page
    for share in use.shares.select_related("unit__building"):
        assert share.unit.label in page and str(share.amount) in page
    assert "2500.50" in page  # the revenue's net
    assert "业主1" not in page  # never names


def test_owner_sees_only_their_units_ledger_and_objects_to_the_revenue(tree, running, client):
    sign_in(client)
    page = client.get("/owner/funds/").content.decode()
    mine, *others = running["units"]
    assert mine.label in page and all(u.label not in page for u in others)
    closing = sum(LedgerEntry.objects.filter(unit=mine).values_list("amount", flat=True))
    assert str(closing) in page
    posting = running["posting"]
    client.post(f"/owner/funds/revenue/{posting.pk}/object/", {"text": "=cmd|' /C calc'!A0"})
    assert not RevenueObjection.objects.exists()
    client.post(f"/owner/funds/revenue/{posting.pk}/object/", {"text": "停车收入偏低"})
    assert RevenueObjection.objects.get().text == "停车收入偏低"


def test_the_owner_s_page_and_the_ledger_link_to_each_other(tree, running, client):
    sign_in(client)
    mine = running["units"][0]
    balance = sum(LedgerEntry.objects.filter(unit=mine).values_list("amount", flat=True))
    me = client.get("/owner/me/").content.decode()
    assert 'href="/owner/funds/"' in me and f"{balance} 元" in me and "1 套房屋的分户账" in me
    ledger_page = client.get("/owner/funds/").content.decode()
    assert 'href="/owner/me/"' in ledger_page


def test_no_fund_panel_for_an_owner_whose_units_have_no_ledger(tree, users, client):
    from .owner_rolls import hold, owner, unit

    hold(unit(tree.project_a, "901", "80"), owner(tree.project_a, 1, phone=PHONE))
    sign_in(client)
    assert 'href="/owner/funds/"' not in client.get("/owner/me/").content.decode()


def test_owner_cannot_object_to_another_projects_revenue(tree, users, running, client):
    other = RevenuePosting.objects.create(
        project=tree.project_b,
        year=2020,
        half=1,
        advertising=1,
        parking=0,
        other_income=0,
        costs=0,
        net=1,
        status="posted",
        posted_at=timezone.now(),
        posted_until=timezone.now() + dt.timedelta(days=30),
        created_by=users.ent_b,
    )
    sign_in(client)
    assert client.post(f"/owner/funds/revenue/{other.pk}/object/", {"text": "异议"}).status_code == 404


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", '=HYPERLINK("http://evil")', "不能以"),
        ("title", "长" * 121, "120"),
        ("budget", "１０００", "预算"),
        ("budget", str(2**63), "预算"),
        ("budget", "0", "预算"),
        ("budget", "1.001", "预算"),
        ("emergency", "meteor", "选择"),
        ("units", "999999999999999999999", "选择"),
        ("items", "x" * (11 * 1024 * 1024), ""),
    ],
)
def test_hostile_input_on_the_proposal(tree, users, running, client_for, field, value, message):
    before = FundUse.objects.count()
    form = {
        "proposer": "enterprise",
        "title": "维修",
        "items": "维修",
        "budget": "1000",
        "units": [running["units"][0].pk],
    }
    form[field] = value
    response = client_for(users.ent_a).post(f"/funds/projects/{tree.project_a.pk}/uses/new/", form)
    assert response.status_code in (200, 400) and message in response.content.decode()
    assert FundUse.objects.count() == before


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("parking", "٣٠٠", "停车收入"),
        ("parking", str(2**63), "停车收入"),
        ("costs", "-1", "成本费用"),
        ("year", "1999", "年度"),
        ("cost_note", "@SUM(A1)", "不能以"),
        ("other_note", "长" * 201, "200"),
    ],
)
def test_hostile_input_on_the_revenue_form(tree, users, running, client_for, field, value, message):
    form = {"year": "2020", "half": "1", "advertising": "1", "parking": "1", "other_income": "0", "costs": "0"}
    form[field] = value
    response = client_for(users.ent_a).post(f"/funds/projects/{tree.project_a.pk}/revenue/new/", form)
    assert response.status_code in (200, 400) and message in response.content.decode()
    assert not RevenuePosting.objects.filter(year__in=[1999, 2020]).exists()


def test_completion_refuses_a_fake_invoice_and_saves_nothing(tree, users, client_for):
    _account, units = roll_with_account(tree.project_a, ["90"], users.district_a)
    use = uses.propose(
        tree.project_a,
        actor=users.ent_a,
        proposer="enterprise",
        title="屋面渗漏",
        items="防水",
        budget=Decimal("800"),
        units=units,
        emergency="leak",
    )
    uses.review(use, actor=users.district_a, approve=True, note="")
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf")
    photo = SimpleUploadedFile("p.png", attachment().content.read())
    data = {"cost": "700", "completed_on": dt.date.today().isoformat(), "invoices": fake, "photos": photo}
    page = client_for(users.ent_a).post(f"/funds/uses/{use.pk}/complete/", data, follow=True).content.decode()
    assert "PDF" in page
    use.refresh_from_db()
    assert use.status == UseStatus.WORKS and not use.documents.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"year": "２０２５", "interest": "10"}, "计息年度"),
        ({"year": "2025", "interest": str(2**63)}, "年度利息"),
        ({"year": "2025", "interest": "0.001"}, "年度利息"),
        ({"year": "2025", "interest": "=1+1"}, "年度利息"),
    ],
)
def test_hostile_input_on_the_interest_form(tree, users, running, client_for, data, message):
    before = LedgerEntry.objects.count()
    page = client_for(users.district_a).post(f"/funds/projects/{tree.project_a.pk}/interest/", data, follow=True)
    assert message in page.content.decode()
    assert LedgerEntry.objects.count() == before


def test_project_fund_page_totals_the_whole_account_and_pages_the_units(tree, users, client_for):
    """The total is every unit's balance (a plain sum of the ledger rows), not the page's; the
    units come a hundred to a page."""
    areas = [f"{50 + n % 40}.{n % 100:02d}" for n in range(105)]
    account, units = roll_with_account(tree.project_a, areas, users.district_a)
    expected = sum((e.amount for e in LedgerEntry.objects.filter(account=account)), Decimal(0))
    client = client_for(users.district_a)
    first = client.get(f"/funds/projects/{tree.project_a.pk}/").content.decode()
    second = client.get(f"/funds/projects/{tree.project_a.pk}/?page=2").content.decode()
    assert f"{expected:,}" in first or str(expected) in first
    shown = [u for u in units if f">{u.label}</a></td>" in first]
    later = [u for u in units if f">{u.label}</a></td>" in second]
    assert len(shown) == 100 and len(later) == 5 and not set(shown) & set(later)


def test_units_are_listed_as_people_count_them(tree, users, client_for):
    from owners.models import Unit

    from .owner_rolls import unit

    for building, number in [("10号楼", "101"), ("2号楼", "1001"), ("2号楼", "201"), ("2号楼", "101")]:
        unit(tree.project_a, number, "80", building=building)
    labels = [
        u.label for u in Unit.objects.filter(project=tree.project_a).in_register_order().select_related("building")
    ]
    assert labels == ["2号楼1单元101", "2号楼1单元201", "2号楼1单元1001", "10号楼1单元101"]
