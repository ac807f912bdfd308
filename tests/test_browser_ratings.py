"""Quarterly scores in a real browser: an enterprise reads its project's score explanation (the
lines add up), objects with a photo and the district officer upholds it with points; a street
officer evaluates the street's project and finds the evaluation in the computed score; a red and
black list is drafted by one officer, reviewed by a second and published by a third (two-officer
rule, core/publication.py), then shown to the public.

Fixtures and helpers: tests/browser.py. Screenshots: ``test-artifacts/browser/<test>/``.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from .browser import LAPTOP, MARKS, PHONE, choose, expect, png_file, sign_in
from .factories import EnterpriseFactory, ProjectFactory, close_objection_window, make_complaint

pytestmark = MARKS


def _number(text: str) -> Decimal:
    return Decimal(re.search(r"-?\d+(?:\.\d+)?", text).group(0))


def _score_lines(page):
    """The explanation table's lines as {label: points} and its footer's sum of the lines."""
    table = page.get_by_role("main").get_by_role("table")
    lines = {}
    for row in table.locator("tbody tr").all():
        cells = row.get_by_role("cell")
        lines[cells.first.inner_text().strip()] = _number(cells.last.inner_text())
    total = _number(table.locator("tfoot tr").first.locator("th, td").last.inner_text())
    return lines, total


@pytest.fixture
def quarter(tree, users):
    """2026Q2 computed (a draft, its objection window open) after a countersigned inspection, the
    street's evaluation and three substantiated complaints at 阳光花园: enterprise A scores below
    100, on three lines."""
    from complaints.models import Complaint
    from inspections.choices import InspectionStatus
    from inspections.demo_standard import install_demo_standard
    from inspections.models import Inspection
    from ratings import jobs
    from ratings.models import StreetEvaluation

    from .test_ratings import IN_Q2, Q2

    Inspection.objects.create(
        project=tree.project_a,
        enterprise=tree.ent_a,
        standard=install_demo_standard(),
        status=InspectionStatus.COUNTERSIGNED,
        total_points=Decimal("945"),
        deducted=Decimal("127.5"),
        score=Decimal("817.5"),
        countersigned_at=IN_Q2,
    )
    StreetEvaluation.objects.create(
        project=tree.project_a, year=Q2.year, quarter=Q2.number, score=88, evaluated_by=users.street_a
    )
    for _ in range(3):
        complaint = make_complaint(tree.project_a)
        Complaint.objects.filter(pk=complaint.pk).update(created=IN_Q2, substantiated=True)
    return jobs.run_all(jobs.start(Q2, enqueue=False))


# --- score explanation and objection --------------------------------------------------------------
def test_enterprise_reads_its_score_objects_and_the_officer_upholds_it(tree, users, quarter, open_page, shots):
    from ratings.choices import ObjectionStatus
    from ratings.models import EnterpriseScore, Objection

    e = expect()
    before = EnterpriseScore.objects.get(run=quarter, enterprise=tree.ent_a)
    assert before.score < 95  # room for the adjustment to show

    enterprise = open_page(LAPTOP)
    sign_in(enterprise, users.ent_a.username)
    enterprise.goto("/ratings/")
    enterprise.get_by_role("row", name=re.compile(str(quarter.period))).locator("a[href$='/enterprises/']").click()
    e(enterprise.get_by_role("link", name=tree.ent_b.name)).to_have_count(0)  # only its own
    enterprise.get_by_role("link", name=tree.ent_a.name, exact=True).click()
    enterprise.get_by_role("main").get_by_role("link", name=tree.project_a.name, exact=True).click()
    e(enterprise.get_by_role("heading", name=re.compile(tree.project_a.name))).to_be_visible()
    assert "<" not in enterprise.title()  # the tab's title is the project and quarter, no markup

    # The explanation adds up by hand: its lines make the footer's sum, rounded the quarter's score.
    lines, total = _score_lines(enterprise)
    assert len(lines) >= 3 and sum(lines.values()) == total
    shown = _number(enterprise.locator(".display-6").inner_text())
    assert shown == total.quantize(Decimal("0.1"))
    shots(enterprise, "enterprise-reads-score-explanation")

    form = enterprise.locator("form").filter(has=enterprise.locator("textarea[name=reason]"))
    form.locator("textarea[name=reason]").fill("3 件投诉中有 1 件已由街道核实为不属实，请复核。")
    form.locator("input[type=file]").set_input_files(str(png_file(shots.folder, "evidence.png")))
    shots(enterprise, "enterprise-files-objection", full_page=False)
    form.locator("button[type=submit]").click()
    e(enterprise.get_by_role("alert").first).to_be_visible()
    e(enterprise.get_by_role("main")).to_contain_text("3 件投诉中有 1 件")
    objection = Objection.objects.get(run=quarter, enterprise=tree.ent_a)
    assert objection.status == ObjectionStatus.PENDING and objection.project == tree.project_a
    assert objection.photos.count() == 1
    e(enterprise.locator("textarea[name=reason]")).to_have_count(0)  # one pending objection per score

    officer = open_page(LAPTOP)
    sign_in(officer, users.district_a.username)
    officer.goto("/ratings/")
    officer.get_by_role("row", name=re.compile(str(quarter.period))).locator("a[href$='/objections/']").click()
    item = officer.locator(".list-group-item").filter(has_text="3 件投诉中有 1 件")
    e(item).to_contain_text(tree.ent_a.name)
    item.locator("input[name=reason]").fill("经核实其中 1 件不属实，调整加分。")
    item.locator("input[name=adjustment]").fill("5")
    shots(officer, "officer-decides-objection")
    photo = officer.request.get(item.locator("a[href*='/objection-photos/']").get_attribute("href"))
    assert photo.ok and photo.headers["content-type"].startswith("image/")  # the evidence reaches the officer
    item.locator("button[formaction$='/uphold/']").click()  # 异议成立; the other button rejects
    e(officer.locator("input[name=adjustment]")).to_have_count(0)
    e(officer.get_by_role("main")).to_contain_text("经核实其中 1 件不属实")
    shots(officer, "officer-upheld-objection")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD and objection.adjustment == 5

    after = EnterpriseScore.objects.get(pk=before.pk)
    assert after.score == min(Decimal(100), before.score + 5)
    enterprise.reload()  # the project's page shows the decision, the enterprise's the new score
    e(enterprise.get_by_role("main")).to_contain_text("经核实其中 1 件不属实")
    shots(enterprise, "enterprise-sees-decision")
    enterprise.goto(f"/ratings/enterprise-scores/{after.pk}/")
    e(enterprise.get_by_role("main")).to_contain_text(str(after.score))
    shots(enterprise, "enterprise-score-adjusted")


# --- street evaluation ------------------------------------------------------------------------------
def test_street_officer_evaluates_a_project_and_finds_it_in_the_score(tree, users, colleagues, open_page, shots):
    from core.quarters import Quarter
    from ratings import jobs
    from ratings.models import ProjectScore, StreetEvaluation

    e = expect()
    quarter = Quarter.last_closed()  # the street evaluates the quarter that just ended
    page = open_page(PHONE)
    sign_in(page, users.street_a.username)
    e(page.locator('nav a[href="/ratings/street/"]')).to_have_count(1)  # in the street officer's menu
    page.goto("/ratings/street/")
    e(page.get_by_role("heading", name=re.compile(str(quarter)))).to_be_visible()
    e(page.get_by_text(tree.project_b.name)).to_have_count(0)  # another district's project
    row = page.locator("form").filter(has=page.locator(f"#score-{tree.project_a.pk}"))
    score = row.locator(f"#score-{tree.project_a.pk}")
    score.fill("120")
    assert not score.evaluate("i => i.checkValidity()")  # 0–100: the browser refuses 120
    score.fill("85.5")
    row.locator(f"#note-{tree.project_a.pk}").fill("保洁到位，但电梯维保记录不全。")
    shots(page, "street-evaluation-form", full_page=False)
    row.get_by_role("button").click()
    e(page.get_by_role("alert").first).to_contain_text(tree.project_a.name)
    e(page.locator(f"#score-{tree.project_a.pk}")).to_have_value(re.compile(r"^85\.50*$"))
    shots(page, "street-evaluation-saved", full_page=False)
    evaluation = StreetEvaluation.objects.get(project=tree.project_a, year=quarter.year, quarter=quarter.number)
    assert evaluation.score == Decimal("85.5") and evaluation.evaluated_by == users.street_a

    # The quarter is computed (the background job) and the street's score is one of its lines.
    run = jobs.run_all(jobs.start(quarter, enqueue=False))
    project_score = ProjectScore.objects.get(run=run, project=tree.project_a)
    page.goto(f"/ratings/project-scores/{project_score.pk}/")
    street_line = page.get_by_role("main").get_by_role("row").filter(has_text="街道考核")
    e(street_line.get_by_role("cell").nth(2)).to_have_text(re.compile(r"^\s*85\.50*\s*$"))
    shots(page, "street-line-in-score")

    # Once the quarter is published the evaluation is closed.
    jobs.publish(jobs.review(close_objection_window(run), actor=colleagues.city), actor=users.city)
    page.goto("/ratings/street/")
    e(page.locator(f"#score-{tree.project_a.pk}")).to_be_disabled()


# --- red and black lists by three officers ------------------------------------------------------------
@pytest.fixture
def published_quarter(tree, users, colleagues):
    """2026Q2 with ten more projects in district A, scores set by hand, published."""
    from ratings import jobs
    from ratings.models import ProjectScore

    from .test_ratings import Q2

    for i in range(10):
        ProjectFactory(region=tree.a1a, enterprise=EnterpriseFactory(region=tree.a), name=f"项目{i}")
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    scores = ProjectScore.objects.filter(run=run, region_path__startswith=tree.a.path).order_by("project_id")
    for score, value in zip(scores, [99, 97, 95, 91, 85, 80, 75, 70, 65, 55, 40], strict=True):
        ProjectScore.objects.filter(pk=score.pk).update(score=Decimal(value))
    jobs.aggregate_enterprises(run)
    return jobs.publish(jobs.review(close_objection_window(run), actor=colleagues.city), actor=users.city)


def test_a_list_is_drafted_reviewed_and_published_by_three_officers(
    tree, users, colleagues, published_quarter, open_page, shots
):
    from ratings.choices import ListColor, ListStatus, ListSubject
    from ratings.models import ListEdition

    e = expect()
    run = published_quarter
    drafter = open_page(LAPTOP)
    sign_in(drafter, users.district_a.username)
    drafter.goto("/ratings/")
    drafter.get_by_role("row", name=re.compile(str(run.period))).locator("a[href$='/lists/']").click()
    draft_form = drafter.locator("form").filter(has=drafter.locator("select[name=subject]"))
    choose(draft_form, "region", tree.a.name)
    draft_form.locator("select[name=subject]").select_option(ListSubject.PROJECT.value, force=True)
    draft_form.get_by_role("button").click()
    e(drafter.get_by_role("heading", name=re.compile(tree.a.name))).to_contain_text("草稿")
    edition = ListEdition.objects.get(run=run, region=tree.a)
    red = list(edition.entries.filter(color=ListColor.RED).order_by("rank").values_list("project__name", flat=True))
    black = list(edition.entries.filter(color=ListColor.BLACK).values_list("project__name", flat=True))
    assert red and black
    for name in red + black:
        e(drafter.get_by_role("main").get_by_role("listitem").filter(has_text=name).first).to_be_visible()
    shots(drafter, "list-drafted")

    # The drafter may not review their own draft: the page says why and nothing changes.
    review = drafter.locator("form[action$='/review/']").get_by_role("button")
    if review.count():
        review.click()
        e(drafter.locator(".alert-danger").first).to_be_visible()
        edition.refresh_from_db()
        assert edition.status == ListStatus.DRAFT

    reviewer = open_page(LAPTOP)
    sign_in(reviewer, colleagues.district_a.username)
    reviewer.goto(f"/ratings/lists/{edition.pk}/")
    reviewer.locator("form[action$='/review/']").get_by_role("button").click()
    e(reviewer.get_by_role("heading", name=re.compile(tree.a.name))).to_contain_text("已审核")
    e(reviewer.locator("#signatures")).to_contain_text(
        colleagues.district_a.last_name or colleagues.district_a.username
    )
    edition.refresh_from_db()
    assert edition.status == ListStatus.REVIEWED and edition.reviewed_by == colleagues.district_a

    publisher = open_page(LAPTOP)
    sign_in(publisher, users.city.username)
    publisher.goto(f"/ratings/lists/{edition.pk}/")
    publisher.locator(f"a[href$='/ratings/lists/{edition.pk}/publish/']").click()
    confirmation = publisher.locator("#confirm-publication")
    e(confirmation).to_contain_text(users.district_a.username)  # who drafted
    e(confirmation).to_contain_text(colleagues.district_a.username)  # who reviewed
    confirmation.locator("input[name=confirm]").check()
    shots(publisher, "list-publish-confirmation")
    confirmation.locator("button[type=submit]").click()
    e(publisher.get_by_role("heading", name=re.compile(tree.a.name))).to_contain_text("已公布")
    shots(publisher, "list-published")
    edition.refresh_from_db()
    assert edition.status == ListStatus.PUBLISHED and edition.published_by == users.city
    assert len({edition.drafted_by_id, edition.reviewed_by_id, edition.published_by_id}) == 3

    resident = open_page(PHONE)
    resident.goto(f"/lists/{edition.pk}/")
    for name in red + black:
        e(resident.get_by_role("main").get_by_role("listitem").filter(has_text=name).first).to_be_visible()
    shots(resident, "public-list-phone")
