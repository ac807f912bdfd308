"""The read-only API of committees, owners' votes, fund accounts, fund uses and public revenue:
scoped as the pages are (each role × endpoint), totals recomputed here from the ledger rows in
plain Python, results as stored, no owner's name in any answer, bad filters a 400."""

from collections import defaultdict
from decimal import Decimal

import pytest

from funds.models import LedgerEntry
from owners import committees
from owners.models import Owner

from .fund_rolls import announced_vote, roll_with_account
from .test_funds_pages import running  # noqa: F401 (a fixture: a fund with a use and a revenue posting)

ROLES = ["anon", "admin", "city", "district_a", "district_b", "street_a", "community_a", "police", "ent_a", "ent_b"]
OFFICERS_OF_A = {"admin", "city", "district_a", "street_a", "community_a"}


@pytest.fixture
def rows(tree, users, running):  # noqa: F811
    """Project A: a committee case applied for, an announced vote and the fund of ``running``;
    project B: an account of its own (which nobody of district A may see)."""
    case = committees.open_case(tree.project_a, actor=users.street_a)
    case = committees.apply(case, actor=users.street_a, received_on=case.created.date(), applicants=4)
    vote = announced_vote(tree.project_a, users.street_a)
    account_b, _ = roll_with_account(tree.project_b, ["77.70"], users.district_b)
    return {"committee": case, "vote": vote, "use": running["use"], "posting": running["posting"], "b": account_b}


def ids(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_rows_of_its_scope(tree, users, rows, client_for, role):
    user = None if role == "anon" else getattr(users, role)
    client = client_for(user)
    if user is None:
        assert client.get("/api/v1/owners-committees/").status_code in (401, 403)
        return
    sees_a_roll = role in OFFICERS_OF_A  # the roll's records: officers of the region only
    sees_a_fund = role in OFFICERS_OF_A or role == "ent_a"  # the fund: the enterprise as well
    assert ids(client, "/api/v1/owners-committees/") == ({rows["committee"].pk} if sees_a_roll else set())
    assert ids(client, "/api/v1/owners-votes/") == ({rows["vote"].pk} if sees_a_roll else set())
    assert ids(client, "/api/v1/fund-uses/") == ({rows["use"].pk} if sees_a_fund else set())
    assert ids(client, "/api/v1/public-revenue/") == ({rows["posting"].pk} if sees_a_fund else set())
    accounts = ids(client, "/api/v1/fund-accounts/")
    assert (rows["use"].project.fund_account.pk in accounts) == sees_a_fund
    assert (rows["b"].pk in accounts) == (role in {"admin", "city", "district_b", "ent_b"})
    detail = client.get(f"/api/v1/fund-uses/{rows['use'].pk}/")
    assert detail.status_code == (200 if sees_a_fund else 404)


def test_account_totals_are_the_ledger_rows_summed_by_kind(tree, users, rows, client_for):
    account = tree.project_a.fund_account
    expected = defaultdict(Decimal)
    for entry in LedgerEntry.objects.filter(account=account):  # the reference: plain Python
        expected["balance"] += entry.amount
        key = {"deposit": "deposits", "top_up": "deposits", "interest": "interest", "revenue": "revenue"}.get(
            entry.kind
        )
        if key:
            expected[key] += entry.amount
        if entry.kind == "use":
            expected["used"] -= entry.amount
    assert expected["used"] > 0 and expected["deposits"] > 0
    (row,) = client_for(users.district_a).get(f"/api/v1/fund-accounts/?project={tree.project_a.pk}").json()["results"]
    for key in ("balance", "deposits", "interest", "revenue", "used"):
        assert Decimal(row[key]) == expected[key], key


def test_a_use_lists_its_split_by_unit_and_area_and_no_names(tree, users, rows, client_for):
    use = rows["use"]
    body = client_for(users.district_a).get(f"/api/v1/fund-uses/{use.pk}/").json()
    shares = {s["unit"]: (Decimal(s["area"]), Decimal(s["amount"])) for s in body["shares"]}
    expected = {s.unit.label: (s.area, s.amount) for s in use.shares.select_related("unit__building")}
    assert shares == expected and sum(a for _, a in shares.values()) == use.cost
    names = Owner.objects.filter(project=tree.project_a).values_list("name", flat=True)
    text = str(body)
    assert names and not any(name in text for name in names)


def test_a_vote_gives_its_thresholds_and_stored_results(tree, users, rows, client_for):
    vote = rows["vote"]
    body = client_for(users.street_a).get(f"/api/v1/owners-votes/{vote.pk}/").json()
    assert body["thresholds"] == {"quorum": "2/3", "majority": "1/2", "special": "3/4"}
    (matter,) = body["matters"]
    stored = vote.matters.get().result
    assert matter["result"]["passed"] is stored.passed and matter["result"]["quorum_met"] is stored.quorum_met


def test_a_committee_gives_its_stages_with_offices_and_due_days(tree, users, rows, client_for):
    body = client_for(users.street_a).get(f"/api/v1/owners-committees/{rows['committee'].pk}/").json()
    stages = {s["state"]: s for s in body["stages"]}
    applied = rows["committee"].stages.get(state="applied")
    assert stages["applied"]["due_on"] == applied.due_on.isoformat()
    assert stages["applied"]["office"] == applied.office and stages["applied"]["overdue"] is False
    assert body["applicants"] == 4


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/owners-votes/?year=２０２６",
        "/api/v1/owners-votes/?status=nonsense",
        "/api/v1/fund-uses/?year=99999",
        "/api/v1/owners-committees/?state=%00",
        "/api/v1/public-revenue/?half=²",
    ],
)
def test_bad_filters_are_a_400(users, rows, client_for, url):
    assert client_for(users.city).get(url).status_code == 400


def test_within_a_region_the_caller_cannot_see_matches_nothing(tree, users, rows, client_for):
    client = client_for(users.district_a)
    assert ids(client, f"/api/v1/fund-accounts/?within={tree.b.code}") == set()
    assert ids(client, f"/api/v1/fund-accounts/?within={tree.a.code}") == {tree.project_a.fund_account.pk}


def test_an_id_beyond_bigint_matches_nothing(users, rows, client_for):
    response = client_for(users.city).get("/api/v1/fund-uses/?project=9223372036854775808")
    assert response.status_code == 200 and response.json()["results"] == []
    assert client_for(users.city).get("/api/v1/fund-uses/9223372036854775808/").status_code == 404
