"""Hostile input on every form and action of the funds app (issue 25, "Speed, races, bad input"):
the account's steps (open, first deposits, interest), ordinary and emergency uses with their
documents, the bureau's review, disbursement, the public revenue entered, answered, settled and
objected to by an owner. Each answer is a clear error or a success, never a 5xx, and a refused
request leaves every row as it was (the harness of tests/test_owners_hostile.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from funds import ledger, rates, revenue, uses
from funds.models import FundAccount

from .fund_rolls import announced_vote, roll_with_account
from .owner_rolls import hold, owner, resident_id, unit
from .test_bad_input import DEEP
from .test_funds_pages import running  # noqa: F401  (the objects of the funds pages' table)
from .test_fuzz_inputs import _sign_in
from .test_owners_hostile import (
    DATES,
    NUMBERS,
    ROLES,
    TEN_MB,
    _png,
    attempt,
    bad_files,
    counts,
    must_refuse,
    observe,
    quiet,  # noqa: F401  (a fixture)
    row,
    signed_in_owner,
    sweep,
)
from .test_owners_signin import PHONE, sent_code

MONEY = [*NUMBERS, "0.001", "1000000000", "-0", "1,000", "¥100", "1_000", "0x10"]


@pytest.fixture
def fund(tree, users):
    """Project A: units 101–103 (owner 1 with ``PHONE`` holds 101), an account, first deposits."""
    account, units = roll_with_account(
        tree.project_a, ["89.55", "120.01", "64.33"], users.district_a, phone_of={0: PHONE}
    )
    return account, units


def _files():
    return {
        "invoices": lambda: SimpleUploadedFile("发票.pdf", b"%PDF-1.4\n%%EOF\n"),
        "photos": lambda: SimpleUploadedFile("竣工.png", _png()),
    }


# --- the account: open, first deposits, interest ----------------------------------------------------
def test_account_steps_answer_hostile_input(tree, users, client):
    p = tree.project_a
    hold(unit(p, "101", "89.55"), owner(p, 1))
    _sign_in(client, users.district_a, {})
    base = f"/funds/projects/{p.pk}/"
    problems = sweep(client, base + "open/", {"junk": "1"})
    problems += sweep(client, base + "deposits/", {"junk": "1"})  # no account yet: refused in words
    ledger.open_account(p, actor=users.district_a)
    problems += sweep(client, base + "deposits/", {"junk": "1"})
    body = {"year": str(timezone.localdate().year - 1), "interest": "123.45"}
    problems += sweep(client, base + "interest/", body)
    problems += must_refuse(client, base + "interest/", body, "year", [*NUMBERS, "1999", "2101", "1", "0"])
    problems += must_refuse(client, base + "interest/", body, "interest", MONEY)
    for action in ("delete", "OPEN", "x" * 300, "transfer"):
        problems += sweep(client, base + f"{action}/", {"junk": "1"})
    assert problems == [], "\n".join(map(str, problems))


def test_interest_of_a_year_not_ended_or_beyond_is_refused(tree, users, fund, client):
    _sign_in(client, users.district_a, {})
    url = f"/funds/projects/{tree.project_a.pk}/interest/"
    this = timezone.localdate().year
    problems = must_refuse(client, url, {"interest": "10"}, "year", [str(this), str(this + 1), "2100"])
    assert problems == [], "\n".join(map(str, problems))


# --- uses: proposal, vote, works, completion with documents, review, disbursement, withdrawal ---------
def test_use_forms_answer_hostile_input_on_the_ordinary_path(tree, users, fund, client):
    account, units = fund
    p = tree.project_a
    _sign_in(client, users.ent_a, {})
    new = f"/funds/projects/{p.pk}/uses/new/"
    body = {
        "proposer": "enterprise",
        "emergency": "",
        "title": "外墙维修",
        "items": "修补外墙",
        "budget": "5000.00",
        "units": [u.pk for u in units],
    }
    problems = sweep(client, new, body)
    problems += must_refuse(client, new, body, "budget", MONEY)
    problems += must_refuse(client, new, body, "units", [*NUMBERS, [str(units[0].pk), "٣"], [str(2**63)]])
    problems += must_refuse(client, new, body, "title", [TEN_MB, "=HYPERLINK(1)", "@SUM(1)"])
    problems += must_refuse(client, new, body, "items", [TEN_MB, "+1+1"])
    for bad in ("²", str(2**63), "٣"):
        status = client.get(f"/funds/projects/{bad}/uses/new/").status_code
        problems += [("uses/new", bad, status)] if status != 404 else []
    use = uses.propose(
        p, actor=users.ent_a, proposer="enterprise", title="外墙", items="修补", budget=Decimal(5000), units=units
    )
    url = f"/funds/uses/{use.pk}/"
    _sign_in(client, users.street_a, {})
    vote = announced_vote(p, users.street_a)
    problems += sweep(client, url + "vote/", {"vote": vote.pk})
    problems += must_refuse(client, url + "vote/", {}, "vote", [*NUMBERS, "0"])
    problems += sweep(client, url + "withdraw/", {"note": "不再维修"})
    problems += must_refuse(client, url + "withdraw/", {}, "note", [TEN_MB, "", " "])
    uses.record_vote(use, vote, actor=users.street_a)
    for action in ("works", "disburse", "delete", "x" * 300):
        problems += sweep(client, url + f"{action}/", {"junk": "1"})
    assert problems == [], "\n".join(map(str, problems))


def test_use_forms_answer_hostile_input_on_the_emergency_path(tree, users, fund, client):
    account, units = fund
    p = tree.project_a
    use = uses.propose(
        p,
        actor=users.ent_a,
        proposer="enterprise",
        title="电梯应急维修",
        items="更换主板",
        budget=Decimal(5000),
        units=units,
        emergency="lift",
    )
    url = f"/funds/uses/{use.pk}/"
    _sign_in(client, users.district_a, {})
    review = {"decision": "approve", "note": "同意"}
    problems = sweep(client, url + "review/", review)
    problems += must_refuse(client, url + "review/", review, "decision", ["APPROVE", "批准", "", "approve\u200b"])
    problems += must_refuse(client, url + "review/", review, "note", [TEN_MB])
    use = uses.review(use, actor=users.district_a, approve=True, note="")
    _sign_in(client, users.ent_a, {})
    complete = {"cost": "4321.09", "completed_on": f"{timezone.localdate()}", **_files()}
    problems += sweep(client, url + "complete/", complete)
    problems += must_refuse(client, url + "complete/", complete, "cost", MONEY)
    problems += must_refuse(client, url + "complete/", complete, "completed_on", DATES)
    problems += must_refuse(client, url + "complete/", complete, "invoices", bad_files("发票.pdf"))
    problems += must_refuse(client, url + "complete/", complete, "photos", bad_files("竣工.png"))
    ten = {"photos": lambda: [SimpleUploadedFile(f"{n}.png", _png()) for n in range(10)]}  # one too many
    status, refused, _text, changed = attempt(client, url + "complete/", {**complete, **ten})
    problems += [] if refused and not changed and status < 500 else [("ten photos", status, changed)]
    use = uses.complete(
        use,
        actor=users.ent_a,
        cost=Decimal("4321.09"),
        completed_on=dt.date.today(),
        invoices=[_attachment("pdf")],
        photos=[_attachment()],
    )
    _sign_in(client, users.district_a, {})
    problems += sweep(client, url + "review/", review)
    use = uses.review(use, actor=users.district_a, approve=True, note="")
    problems += sweep(client, url + "disburse/", {"junk": "1"})
    for bad in ("²", str(2**63), "٣", "-1"):
        for path in (f"/funds/uses/{bad}/", f"/funds/documents/{bad}/", f"/funds/revenue/{bad}/"):
            status = client.get(path).status_code
            problems += [(path, status)] if status != 404 else []
    assert problems == [], "\n".join(map(str, problems))


def _attachment(kind="photo"):
    from .test_funds_uses import attachment

    return attachment(kind)


# --- public revenue: entry, answer, settlement, an owner's objection ----------------------------------
def test_revenue_forms_answer_hostile_input(tree, users, fund, client, settings, monkeypatch):
    p = tree.project_a
    _sign_in(client, users.ent_a, {})
    new = f"/funds/projects/{p.pk}/revenue/new/"
    last = timezone.localdate().year - 1
    body = {
        "year": str(last),
        "half": "2",
        "advertising": "1000",
        "parking": "2000.50",
        "other_income": "0",
        "other_note": "",
        "costs": "500",
        "cost_note": "保洁",
    }
    problems = sweep(client, new, body)
    for field in ("advertising", "parking", "other_income", "costs"):
        problems += must_refuse(client, new, body, field, MONEY)
    problems += must_refuse(client, new, body, "year", [*NUMBERS, "1999", "2101", str(last + 2)])
    problems += must_refuse(client, new, body, "half", ["3", "0", "٢", "２", str(2**63)])
    problems += must_refuse(client, new, body, "cost_note", [TEN_MB, "=1+2", "-1"])
    posting = revenue.enter(
        p, actor=users.ent_a, year=last, half=2, advertising="1000", parking="0", other_income="0", costs="0"
    )
    # An owner objects on their ledger page.
    _sign_in(client, None, {})
    from captcha.conf import settings as captcha_settings

    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)
    client.post("/owner/", {"phone": PHONE, "id_tail": resident_id(1)[-6:], "captcha_0": "x", "captcha_1": "PASSED"})
    client.post("/owner/code/", {"code": sent_code()})
    obj = f"/owner/funds/revenue/{posting.pk}/object/"
    problems += sweep(client, obj, {"text": "停车收入偏低"})
    problems += must_refuse(client, obj, {}, "text", [TEN_MB, "", "=cmd|' /C calc'!A0"])
    for bad in ("²", str(2**63), "٣"):
        status = client.post(f"/owner/funds/revenue/{bad}/object/", {"text": "x"}).status_code
        problems += [("owner object", bad, status)] if status != 404 else []
    for year in ("１９９９", "²", str(2**63), "-1", "9999", "a\x00b"):
        status = client.get("/owner/funds/", {"year": year}).status_code
        problems += [("owner ledger ?year=", year, status)] if status not in (200, 400) else []
    objection = revenue.object_to(posting, owner=_owner1(p), text="偏低")
    _sign_in(client, users.street_a, {})
    url = f"/funds/revenue/{posting.pk}/"
    answer = {"objection": objection.pk, "note": "已核实"}
    problems += sweep(client, url + "answer/", answer)
    problems += must_refuse(client, url + "answer/", answer, "objection", [*NUMBERS, "", "0"])
    problems += must_refuse(client, url + "answer/", answer, "note", [TEN_MB, ""])
    for action in ("settle", "delete", "x" * 300):
        problems += sweep(client, url + f"{action}/", {"junk": "1"})
    assert problems == [], "\n".join(map(str, problems))


def _owner1(project):
    from owners.models import Owner

    return Owner.objects.get(project=project, phone=PHONE)


def test_a_deeply_nested_json_body_is_refused_everywhere(tree, users, fund, client):
    account, units = fund
    use = uses.propose(
        tree.project_a,
        actor=users.ent_a,
        proposer="enterprise",
        title="外墙",
        items="修补",
        budget=Decimal(5000),
        units=units,
    )
    _sign_in(client, users.district_a, {})
    p = tree.project_a
    urls = [
        f"/funds/projects/{p.pk}/interest/",
        f"/funds/projects/{p.pk}/uses/new/",
        f"/funds/uses/{use.pk}/review/",
        f"/funds/uses/{use.pk}/complete/",
        f"/funds/projects/{p.pk}/revenue/new/",
    ]
    problems = []
    for url in urls:
        for body in (DEEP, "{}", '{"year": 1e400}'):
            with transaction.atomic():
                before = counts()
                status = client.generic("POST", url, body, content_type="application/json").status_code
                problems += [(url, body[:8], status)] if status >= 500 or counts() != before else []
                transaction.set_rollback(True)
    assert FundAccount.objects.count() == 1
    assert problems == [], "\n".join(map(str, problems))


# --- role × URL: the funds' write endpoints, and every funds page for the signed-in resident owner ---
# (the pages one reads are in tests/test_funds_pages.py's TABLE; the harness and the roles are
# those of tests/test_owners_hostile.py, the objects those of tests/test_funds_pages.py).
PROJECT, USE, POSTING = "/funds/projects/{p.pk}/", "/funds/uses/{use.pk}/", "/funds/revenue/{posting.pk}/"
MANAGE = (302, 302, 302, 302, 302, 404, 403, 403, 403, 403, 404)  # the bureau (city, district)
PROPOSE = (302, 302, 302, 403, 403, 404, 302, 302, 403, 302, 404)  # the enterprise, street, community
REVIEW = (302, 302, 302, 403, 302, 404, 403, 403, 403, 403, 404)  # the district
SETTLE = (302, 302, 302, 403, 302, 404, 302, 403, 403, 403, 404)  # the district and the street
NO_STEP = (302, 302, 302, 302, 302, 404, 302, 302, 403, 302, 404)  # back to the page, for who sees it
# fmt: off
#                                              anon own admin city  dA   dB   stA  coA  pol  entA entB
WRITES = [
    *[row(PROJECT + f"{a}/", *MANAGE) for a in ("open", "deposits", "interest")],
    row(PROJECT + "no-such-step/", *NO_STEP),
    row(PROJECT + "uses/new/",                   302, 302, 200, 403, 403, 403, 200, 200, 403, 200, 404),
    row(PROJECT + "revenue/new/",                302, 302, 200, 403, 403, 403, 403, 403, 403, 200, 404),
    *[row(USE + f"{a}/", *PROPOSE) for a in ("vote", "works", "complete", "withdraw")],
    *[row(USE + f"{a}/", *REVIEW) for a in ("review", "disburse")],
    row(USE + "no-such-step/", *NO_STEP),
    *[row(POSTING + f"{a}/", *SETTLE) for a in ("settle", "answer")],
    row(POSTING + "no-such-step/", *NO_STEP),
    row("/owner/funds/revenue/{posting.pk}/object/", 302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/funds/units/{u.pk}/transfer/",           302, 302, 200, 200, 200, 404, 403, 403, 403, 403, 403),
    row("/funds/rates/",                           302, 302, 200, 200, 200, 200, 403, 403, 403, 403, 403),
    row("/funds/rates/{rate.pk}/withdraw/",        302, 302, 302, 302, 302, 404, 403, 403, 403, 403, 403),
]
# fmt: on


@pytest.mark.parametrize("url,expected", WRITES)
@pytest.mark.usefixtures("quiet")
def test_role_url_status_of_every_write(tree, users, request, client_for, url, expected):
    scene = request.getfixturevalue("running")
    rate = rates.set_rate(
        tree.a1,
        actor=users.district_a,
        construction_cost=Decimal("2800"),
        percent=Decimal("6"),
        effective_from=timezone.localdate(),
        note="济建发〔2026〕1号",
    )
    url = url.format(p=tree.project_a, use=scene["use"], posting=scene["posting"], u=scene["units"][0], rate=rate)
    seen = observe(url, users, client_for, signed_in_owner())
    assert seen == expected, f"{url} observed: " + ", ".join(str(seen[role]) for role in ROLES)


@pytest.mark.usefixtures("quiet")
def test_the_resident_owner_on_every_funds_page(tree, users, request):
    scene = request.getfixturevalue("running")
    from .test_funds_pages import TABLE

    client = signed_in_owner()
    client.raise_request_exception = False
    use = scene["use"]
    for param in TABLE:
        url = param.values[0].format(
            p=tree.project_a, use=use, doc=use.documents.first(), posting=scene["posting"], u=scene["units"][0]
        )
        response = client.get(url)
        if url.startswith(("/owner/", "/compound/")):
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_every_owners_and_funds_url_and_action_slug_is_in_a_table():
    """Each URL of owners/urls.py and funds/urls.py, and each ``<slug:action>`` its views take,
    has a row in a role × URL table (the pages' GET tables or the WRITES tables)."""
    import re

    from funds import views_staff as fund_views
    from owners import views_committees, views_staff

    from .test_funds_pages import TABLE as FUNDS_PAGES
    from .test_owners_hostile import WRITES as OWNER_WRITES
    from .test_owners_pages import TABLE as OWNERS_PAGES

    def shape(url):
        url = re.sub(r"\{[a-z]+\.pk\}", "<int:pk>", url.split("?")[0])
        return re.sub(r"\{p\.code\}", "<str:code>", url)

    covered = {shape(p.values[0]) for p in [*OWNERS_PAGES, *FUNDS_PAGES, *OWNER_WRITES, *WRITES]}
    slugs = {
        "/self-governance/votes/<int:pk>/": views_staff._STEPS,
        "/self-governance/committees/<int:pk>/": views_committees._STEPS,
        "/funds/projects/<int:pk>/": ("open", "deposits", "interest"),
        "/funds/uses/<int:pk>/": fund_views._STEPS,
        "/funds/revenue/<int:pk>/": ("settle", "answer"),
    }
    missing = [f"{base}{slug}/" for base, steps in slugs.items() for slug in steps if f"{base}{slug}/" not in covered]
    for prefix, module in (("/self-governance/", "owners.urls"), ("/funds/", "funds.urls")):
        from importlib import import_module

        for pattern in import_module(module).urlpatterns:
            url = prefix + str(pattern.pattern)
            if "<slug:action>" not in url and url not in covered:
                missing.append(url)
    for prefix, patterns in (("/owner/", "owners.urls"), ("/owner/funds/", "funds.urls")):
        from importlib import import_module

        for pattern in import_module(patterns).owner_patterns:
            url = prefix + str(pattern.pattern)
            if url not in covered:
                missing.append(url)
    assert missing == []
