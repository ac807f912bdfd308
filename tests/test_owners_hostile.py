"""Hostile input on every form, import and action of the owners' app (issue 25, "Speed, races,
bad input"): NUL and control characters, 10 MB of text, formulas, 2^63 and "²" as ids, digits
that are not ASCII, negative and absurd numbers, dates far out of range, files that are not what
they claim. Each answer is a clear error or a success, never a 5xx, and a refused request
leaves every row of the owners' and funds' tables (and the audit log) as it was.

The values are those of tests/test_fuzz_inputs.py (``HOSTILE``, ``_variants``) plus the dates
and numbers below. Each attempt runs in a savepoint rolled back afterwards, so every variant
meets the same state: a vote or a committee is walked through its lifecycle once and each step's
form is attacked in the state where it would otherwise succeed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.messages import ERROR
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core.models import AuditEvent
from notifications.models import Notification
from owners import ballots, committees, votes
from owners.models import Ballot, Committee, CommitteeMember, Owner, Unit

from .owner_rolls import choices_for, hold, open_vote_on, owner, register_row, resident_id, unit, workbook
from .test_bad_input import DEEP
from .test_fuzz_inputs import HOSTILE, _sign_in, _variants
from .test_owners_signin import PHONE, sent_code

# Beyond tests/test_fuzz_inputs.py: dates far out of range, negative and absurd numbers, formulas.
VALUES = [
    *HOSTILE,
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59",
    "-1",
    "-0.01",
    "1e400",
    "NaN",
    str(-(2**63)),
    "=1+2",
    "@SUM(A1)",
]
TEN_MB = "长" * (10 * 1024 * 1024 // 3 + 1)
CJK = re.compile(r"[\u4e00-\u9fff]")


def counts() -> dict[str, int]:
    """Rows of every owners' and funds' table, of the audit log and of the notifications."""
    models = [m for label in ("owners", "funds") for m in apps.get_app_config(label).get_models()]
    return {m._meta.label: m.objects.count() for m in [*models, AuditEvent, Notification]}


def attempt(client, url, data=None, *, method="post", **extra):
    """One request in a savepoint rolled back afterwards: (status, refused, error, changed)."""
    with transaction.atomic():
        before = counts()
        send = getattr(client, method)
        data = {k: v() if callable(v) else v for k, v in (data or {}).items()}
        response = send(url, data, **extra)
        status = response.status_code
        changed = None if status >= 500 else {k for k, v in counts().items() if before[k] != v}
        transaction.set_rollback(True)
    storage = getattr(response.wsgi_request, "_messages", None)
    errors = [str(m) for m in getattr(storage, "_queued_messages", []) if m.level == ERROR]
    refused = status >= 400 or (status == 200 and method == "post") or bool(errors)
    text = " ".join(errors) if errors else response.content.decode(errors="ignore") if status != 302 else ""
    return status, refused, text, changed


def sweep(client, url, body, values=VALUES, *, fields=None):
    """Every field of ``body`` (or of ``fields``) replaced by every value in turn: the problems."""
    problems = []
    for field, data in _variants({k: body[k] for k in (fields or body)}, values):
        status, refused, text, changed = attempt(client, url, {**body, **data})
        shown = repr(data[field])[:24]
        if status >= 500:
            problems.append((url, field, shown, status))
        elif refused and changed:
            problems.append((url, field, shown, "half-saved", sorted(changed)))
        elif refused and not CJK.search(text):
            problems.append((url, field, shown, status, "no Chinese message"))
    return problems


def must_refuse(client, url, body, field, values):
    """``field`` set to each of ``values`` is refused with a message and changes nothing."""
    problems = []
    for value in values:
        status, refused, text, changed = attempt(client, url, {**body, field: value})
        if not refused or changed or status >= 500 or not CJK.search(text):
            problems.append((url, field, repr(value)[:24], status, refused, sorted(changed or ())))
    return problems


NUMBERS = ["１２３", "٣", "²", str(2**63), "-1", "9" * 40, "1e400", "NaN", "1_000", "+5", "1e3"]
DATES = ["9999-12-31", "0001-01-01", "2026-02-30", "２０２６-０１-０１", "99999-01-01"]


@pytest.fixture
def roll(tree):
    """Project A: nine owners with a unit of 100 m² each (owner 1 signs in with ``PHONE``)."""
    p = tree.project_a
    people = [owner(p, n, name=f"业主{n}", phone=PHONE if n == 1 else "") for n in range(1, 10)]
    for n, person in enumerate(people):
        hold(unit(p, f"{n + 1:02d}01", "100"), person)
    return people


@pytest.fixture
def quiet(settings, monkeypatch):
    from captcha.conf import settings as captcha_settings

    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)  # read once at import
    settings.OWNER_CODE_RATE_PER_IP = settings.OWNER_CODE_RATE_PER_PHONE = "100000/h"
    settings.OWNER_VERIFY_RATE_PER_IP = "100000/h"
    settings.AXES_ENABLED = False


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    return buf.getvalue()


def _bomb() -> bytes:
    """A zip of 100 MB of zeros, named like a workbook."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (100 * 1024 * 1024))
    return buf.getvalue()


# Files that are not what their name says (ballot scans, roll imports).
def bad_files(name: str):
    return [
        lambda: SimpleUploadedFile(name, b""),
        lambda: SimpleUploadedFile(name, b"not a file of that kind at all"),
        lambda: SimpleUploadedFile(name, b"%PDF-1.4 with no end marker"),
        lambda: SimpleUploadedFile(name, b"PK\x03\x04" + b"\0" * 100),
        lambda: SimpleUploadedFile(name.rsplit(".", 1)[0] + ".exe", b"MZ\x90\x00"),
        lambda: SimpleUploadedFile(name, _png()[:40]),
        lambda: SimpleUploadedFile("=cmd|' calc'!A0.png", b"\x89PNG\r\n\x1a\n"),
    ]


# --- owners' pages: sign-in, code, ballot, objection, receipt ------------------------------------
def test_sign_in_and_code_answer_hostile_input(tree, roll, quiet, client):
    _sign_in(client, None, {})
    body = {"phone": PHONE, "id_tail": resident_id(1)[-6:], "captcha_0": "x", "captcha_1": "PASSED"}
    problems = sweep(client, "/owner/", body)
    phones = ["１３８１２３４５６７８", "٣" * 11, "1381234567²", TEN_MB]
    problems += must_refuse(client, "/owner/", body, "phone", phones)
    problems += must_refuse(client, "/owner/", body, "id_tail", ["１２３４５６", "٣٣٣٣٣٣", "12345²", "=1+2+3"])
    assert client.post("/owner/", body).status_code == 302  # a good request: an SMS code
    problems += sweep(client, "/owner/code/", {"code": "000000"})
    problems += must_refuse(client, "/owner/code/", {}, "code", ["１２３４５６", "٣٣٣٣٣٣", "12345²", str(2**63)])
    assert client.post("/owner/code/", {"code": sent_code()}).status_code == 302
    assert problems == [], "\n".join(map(str, problems))


def test_ballot_objection_and_receipt_answer_hostile_input(tree, users, roll, quiet, client):
    vote = open_vote_on(tree.project_a, users.street_a, matters=[("manager", "续聘"), ("raise_fund", "续筹")])
    matters = list(vote.matters.order_by("position"))
    _sign_in(client, None, {})
    client.post("/owner/", {"phone": PHONE, "id_tail": resident_id(1)[-6:], "captcha_0": "x", "captcha_1": "PASSED"})
    client.post("/owner/code/", {"code": sent_code()})
    url = f"/owner/votes/{vote.pk}/"
    body = {f"matter_{m.pk}": "agree" for m in matters}
    problems = sweep(client, url, body)
    problems += must_refuse(client, url, body, f"matter_{matters[0].pk}", ["AGREE", "同意", "", "agree\u200b"])
    for bad in (str(2**63), "²", "٣", "-1", "0"):
        for path in (f"/owner/votes/{bad}/", f"/owner/votes/{bad}/object/"):
            status = client.post(path, body).status_code
            problems += [(path, status)] if status != 404 else []
    problems += sweep(client, "/owner/receipt/", {"code": "ABCDEFGHJKLM"})
    assert client.post(url, body).status_code == 302 and Ballot.objects.count() == 1
    receipt = Ballot.objects.get().receipt
    problems += must_refuse(client, "/owner/receipt/", {}, "code", [receipt + "\u200b", "Ａ" * 12, TEN_MB])
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=users.street_a, now=vote.closes_at + timedelta(hours=1))
    problems += sweep(client, f"/owner/votes/{vote.pk}/object/", {"text": "面积有误"})
    problems += must_refuse(client, f"/owner/votes/{vote.pk}/object/", {}, "text", [TEN_MB, "", " \x01 "])
    assert problems == [], "\n".join(map(str, problems))


# --- the staff's vote pages: new, notice, extend, suspend, paper ballots ---------------------------
def test_vote_forms_answer_hostile_input_in_every_state(tree, users, roll, client):
    _sign_in(client, users.street_a, {})
    p = tree.project_a
    new = f"/self-governance/votes/new/?project={p.pk}"
    body = {"title": "选聘物业", "organiser": "preparatory", "kind_1": "manager", "matter_1": "选聘", "description": ""}
    problems = sweep(client, new, body)
    problems += must_refuse(client, new, body, "title", [TEN_MB, "=HYPERLINK(1)"])
    for value in (*NUMBERS, "a\x00b"):
        status, _r, _t, changed = attempt(client, f"/self-governance/votes/new/?project={quote(value)}", body)
        problems += [("new ?project=", value, status)] if status not in (400, 404) or changed else []
    vote = votes.draft(p, title="表决", matters=[("manager", "续聘")], actor=users.street_a)
    base = f"/self-governance/votes/{vote.pk}/"
    opens = timezone.localtime() + timedelta(days=16)
    notice = {"opens_at": f"{opens:%Y-%m-%dT%H:%M}", "closes_at": f"{opens + timedelta(days=5):%Y-%m-%dT%H:%M}"}
    problems += sweep(client, base + "notice/", notice)
    problems += must_refuse(client, base + "notice/", notice, "closes_at", DATES)
    problems += sweep(client, base + "suspend/", {"reason": "公告有误"})
    problems += must_refuse(client, base + "suspend/", {}, "reason", [TEN_MB, "", "=1+2"])
    votes.give_notice(vote, opens_at=opens, closes_at=opens + timedelta(days=5), actor=users.street_a)
    votes.post_roll(vote, actor=users.street_a)
    vote = votes.open_vote(vote, now=opens + timedelta(minutes=1))
    matter = vote.matters.get()
    paper = {
        "unit": "1号楼1单元0101",
        "received_on": f"{opens:%Y-%m-%d}",
        "scan": lambda: SimpleUploadedFile("选票.png", _png()),
        f"matter_{matter.pk}": "agree",
    }
    problems += sweep(client, base + "paper/", paper)
    problems += must_refuse(client, base + "paper/", paper, "scan", bad_files("选票.png"))
    problems += must_refuse(client, base + "paper/", paper, "received_on", DATES)
    problems += must_refuse(client, base + "paper/", paper, "unit", [TEN_MB, "１号楼1单元0101", "=1+2"])
    for action in ("open", "close", "post-roll", "preliminary", "announce", "archive", "delete", "x" * 300):
        problems += sweep(client, base + f"{action}/", {"junk": "1"})
    votes.close_vote(vote, now=vote.closes_at)
    until = timezone.localtime() + timedelta(days=7)
    extend = {"until": f"{until:%Y-%m-%dT%H:%M}", "reason": "未达法定人数"}
    problems += sweep(client, base + "extend/", extend)
    problems += must_refuse(client, base + "extend/", extend, "until", DATES)
    assert problems == [], "\n".join(map(str, problems))


def test_vote_urls_with_absurd_ids_are_404(tree, users, client):
    _sign_in(client, users.street_a, {})
    for bad in (str(2**63), str(2**64), "9" * 40, "²", "٣", "１２", "-1"):
        for url in (
            f"/self-governance/votes/{bad}/",
            f"/self-governance/votes/{bad}/suspend/",
            f"/self-governance/projects/{bad}/roll/",
            f"/self-governance/projects/{bad}/roll/import/",
            f"/self-governance/units/{bad}/",
            f"/self-governance/owners/{bad}/",
            f"/self-governance/ballot-scans/{bad}/",
            f"/self-governance/committees/{bad}/",
            f"/self-governance/committees/{bad}/apply/",
            f"/owner/votes/{bad}/result/",
        ):
            method = client.post if url.endswith(("suspend/", "apply/")) else client.get
            assert method(url).status_code == 404, url


# --- the roll: unit and owner corrections, the import -----------------------------------------------
def test_roll_corrections_answer_hostile_input(tree, users, roll, client):
    _sign_in(client, users.street_a, {})
    u, o = Unit.objects.order_by("number").first(), roll[0]
    body = {"area": "88.00", "delivered": "on", "delivered_on": "2020-01-01", "reason": "按登记更正"}
    url = f"/self-governance/units/{u.pk}/"
    problems = sweep(client, url, body)
    problems += must_refuse(client, url, body, "area", NUMBERS + ["0", "100000", "-88"])
    problems += must_refuse(client, url, body, "delivered_on", DATES)
    problems += must_refuse(client, url, body, "reason", [TEN_MB, "", "=1+2"])
    url = f"/self-governance/owners/{o.pk}/"
    body = {"name": "张三", "phone": "13900001111", "reason": "更正"}
    problems += sweep(client, url, body)
    phones = ["１３９０００１１１１", "٣" * 11, "1390000111²", "-1390000111"]
    problems += must_refuse(client, url, body, "phone", phones)
    problems += must_refuse(client, url, body, "name", [TEN_MB, "=HYPERLINK(1)", " "])
    assert problems == [], "\n".join(map(str, problems))


def _import(client, project, upload):
    with transaction.atomic():
        before = counts()
        response = client.post(f"/self-governance/projects/{project.pk}/roll/import/", {"file": upload})
        changed = {k for k, v in counts().items() if before[k] != v} if response.status_code < 500 else None
        transaction.set_rollback(True)
    return response, changed


def test_the_roll_import_refuses_files_that_are_not_workbooks(tree, users, roll, client):
    _sign_in(client, users.street_a, {})
    uploads = [f() for f in bad_files("roll.xlsx")] + [SimpleUploadedFile("roll.xlsx", _bomb())]
    uploads.append(SimpleUploadedFile("roll.csv", b"building,number\n1,101\n"))
    problems = []
    for upload in uploads:
        response, changed = _import(client, tree.project_a, upload)
        page = response.content.decode(errors="ignore")
        shown = CJK.search(page) and re.search("alert-danger|text-danger", page)
        if response.status_code != 200 or changed or not shown:
            problems.append((upload.name, upload.size, response.status_code, sorted(changed or ())))
    assert problems == [], "\n".join(map(str, problems))


# Values a register cell can hold (no control characters: a workbook cannot store them).
CELLS = [v for v in VALUES if v.isprintable()]
CELLS += ["１２３", '=HYPERLINK("http://evil")', 2**63, -1, 1e308, "长" * 40_000]
# Text columns take most of these as names; these they must refuse.
TEXT_REFUSED = ["长" * 6_000, "长" * 40_000, '=HYPERLINK("http://evil")', "=1+2", "@SUM(A1)", "-1"]


@pytest.mark.parametrize(
    "column", ["building", "number", "name", "area", "delivered_on", "id_number", "phone", "share"]
)
def test_the_roll_import_refuses_hostile_cells_and_writes_nothing(tree, users, roll, client, column):
    _sign_in(client, users.street_a, {})
    text = column in ("building", "number", "name")
    problems = []
    for value in CELLS:
        row = register_row("9901", 50, **{column: value})
        response, changed = _import(client, tree.project_a, workbook([register_row("9902", 51), row]))
        page = response.content.decode(errors="ignore")
        must = not text or value in TEXT_REFUSED or (column == "number" and len(str(value)) > 20)
        if response.status_code >= 500 or (response.status_code != 302 and changed):
            problems.append((column, repr(value)[:24], response.status_code, sorted(changed or ())))
        elif must and (response.status_code != 200 or "未导入任何数据" not in page):
            problems.append((column, repr(value)[:24], response.status_code, "accepted"))
    assert problems == [], "\n".join(map(str, problems))


# --- committees: every step's form in the state where it would succeed -----------------------------
def _committee_sweep(client, url, body, numbers=(), dates=(), texts=()):
    problems = sweep(client, url, body)
    for field in numbers:
        problems += must_refuse(client, url, body, field, NUMBERS)
    for field in dates:
        problems += must_refuse(client, url, body, field, DATES)
    for field in texts:
        problems += must_refuse(client, url, body, field, [TEN_MB, "=cmd|' /C calc'!A0"])
    return problems


def test_committee_forms_answer_hostile_input_in_every_state(tree, users, roll, client):
    from .test_owners_committees import FIRST

    today = timezone.localdate()
    street, district = users.street_a, users.district_a
    _sign_in(client, street, {})
    problems = []
    for value in (*NUMBERS, "", "a\x00b"):
        status, _r, _t, changed = attempt(client, "/self-governance/committees/start/", {"project": value})
        problems += [("start", value, status)] if status >= 500 or changed else []
    committee = committees.open_case(tree.project_a, actor=street, today=today)
    url = f"/self-governance/committees/{committee.pk}/"
    apply = {"received_on": f"{today}", "applicants": "6", "note": "书面申请"}
    problems += _committee_sweep(client, url + "apply/", apply, ["applicants"], ["received_on"], ["note"])
    committees.apply(committee, actor=street, received_on=today, applicants=6)
    group = {"formed_on": f"{today}", "leader": "街道 王某", "owners": [o.pk for o in roll[:3]], "others": "李某，社区"}
    problems += _committee_sweep(client, url + "group/", group, ["owners"], ["formed_on"], ["leader", "others"])
    members = [(p.name, p, "") for p in roll[:3]] + [("社区代表", None, "杆石桥社区")]
    committees.form_group(committee, actor=street, leader="街道代表", members=members, formed_on=today)
    doc = {"kind": "roll", "title": "业主名册", "reference": "", "posted_on": f"{today}"}
    problems += _committee_sweep(client, url + "document/", doc, [], ["posted_on"], ["title", "reference"])
    objection = {"name": "业主8", "text": "面积有误", "received_on": f"{today}"}
    problems += _committee_sweep(client, url + "objection/", objection, [], ["received_on"], ["name", "text"])
    o = committees.receive_objection(committee, actor=street, name="业主8", text_="面积有误", received_on=today)
    answer = {"objection": o.pk, "answer": "已更正", "answered_on": f"{today}"}
    problems += _committee_sweep(client, url + "answer/", answer, ["objection"], ["answered_on"], ["answer"])
    committees.answer_objection(o, actor=street, answer="已更正", answered_on=today)
    for kind in ("roll", "covenant_draft", "rules_draft", "candidates"):
        committees.post_document(committee, actor=street, kind=kind, title=f"公示 {kind}", posted_on=today)
    vote = open_vote_on(tree.project_a, street, matters=FIRST, title="首次业主大会会议")
    problems += _committee_sweep(client, url + "meeting/", {"vote": vote.pk}, ["vote"])
    problems += sweep(client, url + "meeting-failed/", {"junk": "1"})
    committees.hold_first_meeting(committee, vote=vote, actor=street, today=today)
    for person in roll[:7]:
        ballots.cast_online(vote, owners=[person], choices=choices_for(vote, "agree"))
    votes.close_vote(vote, now=vote.closes_at)
    votes.publish_preliminary(vote, actor=street, now=vote.closes_at + timedelta(hours=1))
    vote.refresh_from_db()
    votes.announce(vote, actor=street, now=vote.objections_end_at)
    elected = timezone.localtime(vote.objections_end_at).date()
    election = {"elected_on": f"{elected}", "members": [o.pk for o in roll[:5]]}
    problems += _committee_sweep(client, url + "election/", election, ["members"], ["elected_on"])
    committees.record_election(committee, actor=street, members=roll[:5], elected_on=elected)
    sitting = list(CommitteeMember.objects.filter(committee=committee, body="committee").order_by("pk"))
    officers = {"met_on": f"{elected + timedelta(days=2)}", "chair": sitting[0].pk, "vices": [sitting[1].pk]}
    problems += _committee_sweep(client, url + "officers/", officers, ["chair", "vices"], ["met_on"])
    committees.elect_officers(committee, actor=street, chair=sitting[0], vices=[sitting[1]], met_on=elected)
    _sign_in(client, district, {})
    filing = {"filed_on": f"{elected + timedelta(days=10)}", "reference": "市中业备 1 号"}
    problems += _committee_sweep(client, url + "filing/", filing, [], ["filed_on"], ["reference"])
    committees.accept_filing(committee, actor=district, filed_on=elected + timedelta(days=10), reference="备 1")
    _sign_in(client, street, {})
    end = {"member": sitting[2].pk, "reason": "resigned", "note": ""}
    problems += _committee_sweep(client, url + "end-member/", end, ["member"], [], ["note"])
    correction = {"decision": "续聘决定", "reason": "未经表决"}
    problems += _committee_sweep(client, url + "correction/", correction, [], [], ["decision", "reason"])
    problems += _committee_sweep(client, url + "order-renewal/", {"reason": "未按期换届"}, [], [], ["reason"])
    handover = {"handed_on": f"{today}", "inventory": "档案 12 卷"}
    problems += _committee_sweep(client, url + "handover/", handover, [], ["handed_on"], ["inventory"])
    for action in ("renewal", "delete", "APPLY", "x" * 300):
        problems += sweep(client, url + f"{action}/", {"junk": "1"})
    assert Committee.objects.get(pk=committee.pk).state == "active"
    assert problems == [], "\n".join(map(str, problems))


# --- JSON bodies: no owners' endpoint reads one ------------------------------------------------------
def test_a_deeply_nested_json_body_is_refused_everywhere(tree, users, roll, quiet, client):
    vote = open_vote_on(tree.project_a, users.street_a)
    committee = committees.open_case(tree.project_a, actor=users.street_a, today=dt.date.today())
    _sign_in(client, users.street_a, {})
    urls = [
        f"/self-governance/votes/new/?project={tree.project_a.pk}",
        f"/self-governance/votes/{vote.pk}/suspend/",
        f"/self-governance/votes/{vote.pk}/paper/",
        f"/self-governance/units/{Unit.objects.first().pk}/",
        f"/self-governance/owners/{Owner.objects.first().pk}/",
        f"/self-governance/projects/{tree.project_a.pk}/roll/import/",
        "/self-governance/committees/start/",
        f"/self-governance/committees/{committee.pk}/apply/",
        "/owner/",
        "/owner/receipt/",
    ]
    problems = []
    for url in urls:
        for body in (DEEP, "{}", '{"project": 1e400}'):
            with transaction.atomic():
                before = counts()
                status = client.generic("POST", url, body, content_type="application/json").status_code
                problems += [(url, body[:8], status)] if status >= 500 or counts() != before else []
                transaction.set_rollback(True)
    assert problems == [], "\n".join(map(str, problems))


# --- role × URL: the owners' write endpoints, and every page for the signed-in resident owner ------
# The tables of tests/test_owners_pages.py and tests/test_scoping.py cover the pages one reads
# (GET) for the staff's roles; this one covers every endpoint that writes (each action slug),
# with the resident owner signed in by SMS as one more role. A write is rolled back after its
# status is taken. 302 is a login redirect for "anon" (checked), else the step's answer (done or
# refused in words on the page it returns to).
ROLES = [
    "anon",
    "owner",
    "admin",
    "city",
    "district_a",
    "district_b",
    "street_a",
    "community_a",
    "police",
    "ent_a",
    "ent_b",
]


def row(url, *statuses):
    return pytest.param(url, dict(zip(ROLES, statuses, strict=True)), id=url)


def observe(url, users, client_for, owner_client, method="post") -> dict[str, int]:
    """Each role's status for ``url`` (a write is rolled back)."""
    seen = {}
    for role in ROLES:
        client = owner_client if role == "owner" else client_for(None if role == "anon" else getattr(users, role))
        client.raise_request_exception = False
        with transaction.atomic():
            response = getattr(client, method)(url, {})
            transaction.set_rollback(True)
        seen[role] = response.status_code
        if role == "anon" and response.status_code == 302 and not url.startswith("/owner/"):
            assert response["Location"].startswith("/accounts/login/"), url
    return seen


def signed_in_owner():
    """A client of its own with owner 1 (``PHONE``) signed in by SMS."""
    from django.test import Client

    from .test_owners_signin import sign_in

    client = Client()
    assert sign_in(client).status_code == 302
    return client


VOTE = "/self-governance/votes/{vote.pk}/"
COMMITTEE = "/self-governance/committees/{c.pk}/"
# fmt: off
#                                                          anon own admin city  dA   dB   stA  coA  pol  entA entB
ORGANISE = (302, 302, 302, 403, 403, 404, 302, 302, 404, 404, 404)  # the street and the community
WRITES = [
    row("/self-governance/votes/new/?project={p.pk}",      302, 302, 200, 403, 403, 403, 200, 200, 403, 403, 403),
    *[row(VOTE + f"{a}/", *ORGANISE)
      for a in ("notice", "post-roll", "open", "close", "extend", "preliminary", "answer", "announce", "archive",
                "paper")],
    row(VOTE + "suspend/",                                 302, 302, 302, 403, 302, 404, 302, 403, 404, 404, 404),
    row(VOTE + "no-such-step/",                            302, 302, 302, 302, 302, 404, 302, 302, 404, 404, 404),
    row("/self-governance/projects/{p.pk}/roll/import/",   302, 302, 200, 200, 200, 404, 200, 403, 403, 403, 403),
    row("/self-governance/units/{u.pk}/",                  302, 302, 200, 200, 200, 404, 200, 403, 403, 403, 403),
    row("/self-governance/owners/{o.pk}/",                 302, 302, 200, 200, 200, 404, 200, 403, 403, 403, 403),
    # No project posted: 404 for those who may start a case, 403 for the others.
    row("/self-governance/committees/start/",              302, 302, 404, 403, 403, 403, 404, 404, 403, 403, 403),
    *[row(COMMITTEE + f"{a}/", *ORGANISE)
      for a in ("apply", "document", "objection", "answer", "meeting", "meeting-failed", "election", "officers",
                "renewal", "handover", "end-member")],
    row(COMMITTEE + "group/",                              302, 302, 302, 403, 403, 404, 302, 403, 404, 404, 404),
    row(COMMITTEE + "filing/",                             302, 302, 302, 403, 302, 404, 302, 403, 404, 404, 404),
    row(COMMITTEE + "order-renewal/",                      302, 302, 302, 403, 403, 404, 302, 403, 404, 404, 404),
    row(COMMITTEE + "correction/",                         302, 302, 302, 403, 403, 404, 302, 403, 404, 404, 404),
    row(COMMITTEE + "no-such-step/",                       302, 302, 302, 302, 302, 404, 302, 302, 404, 404, 404),
    row("/owner/",                                         200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/owner/code/",                                    302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/owner/sign-out/",                                302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/owner/votes/{vote.pk}/",                         302, 200, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/owner/votes/{vote.pk}/object/",                  302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/owner/receipt/",                                 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
]
# fmt: on


@pytest.fixture
def scene(tree, users):
    """The objects of tests/test_owners_pages.py: an open vote on project A's roll (owner 1
    with ``PHONE``), a paper ballot's scan, a committee that has applied."""
    from django.core.files.base import ContentFile

    from core.attachments import CleanAttachment

    p = tree.project_a
    people = [owner(p, n, phone=PHONE if n == 1 else "", name=f"业主姓名{n}") for n in range(1, 4)]
    for n, person in enumerate(people):
        hold(unit(p, f"10{n}", "90.50"), person)
    vote = open_vote_on(p, users.street_a, matters=[("manager", "续聘物业服务企业")])
    pdf = CleanAttachment(ContentFile(b"%PDF-1.4\n%%EOF\n", name="s"), "application/pdf", "选票.pdf")
    ballot = ballots.enter_paper(
        vote,
        unit=p.units.order_by("number").last(),
        choices=choices_for(vote, "agree"),
        scan=pdf,
        received_on=vote.opens_at.date(),
        actor=users.street_a,
    )
    committee = Committee.objects.create(project=p, state="applied")
    return {"vote": vote, "p": p, "u": p.units.first(), "o": people[0], "scan": ballot.scan, "c": committee}


@pytest.mark.parametrize("url,expected", WRITES)
def test_role_url_status_of_every_write(tree, users, scene, quiet, client_for, url, expected):
    owner_client = signed_in_owner()
    url = url.format(**scene)
    seen = observe(url, users, client_for, owner_client)
    assert seen == expected, f"{url} observed: " + ", ".join(str(seen[role]) for role in ROLES)


def test_the_resident_owner_on_every_page_of_the_tables(tree, users, scene, quiet):
    """The signed-in resident owner: their own pages open, every staff page sends them to the
    staff's login (an owner's session is no staff account)."""
    from .test_owners_pages import TABLE

    client = signed_in_owner()
    client.raise_request_exception = False
    for param in TABLE:
        url = param.values[0].format(**scene)
        status = client.get(url).status_code
        if url.startswith("/owner/") or url.startswith("/compound/"):
            assert status == 200, url
        else:
            response = client.get(url)
            assert status == 302 and response["Location"].startswith("/accounts/login/"), url
