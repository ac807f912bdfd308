"""Quarterly scores (量化考核): each component on hand-built facts, the weights, rescaling,
partitions, idempotence, scheme versions, publication and scoping."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from complaints.choices import EventType, Feedback
from complaints.models import Complaint, ComplaintEvent, StageRecord
from core.quarters import Quarter
from inspections.choices import InspectionStatus, OrderSource, OrderStatus, ReportStatus
from inspections.demo_standard import install_demo_standard
from inspections.models import Inspection, RectificationOrder, SelfReport, Summons
from projects.models import Project
from ratings import jobs, schemes, scoring, street
from ratings.choices import Component, RunStatus
from ratings.models import EnterpriseScore, ProjectScore, ProjectScoreComponent, Scheme, ScoringRun, StreetEvaluation
from regions.choices import RegionLevel
from regions.models import Region

from .factories import ProjectFactory, close_objection_window, make_complaint

Q2 = Quarter(2026, 2)
IN_Q2 = timezone.make_aware(dt.datetime(2026, 5, 12, 10, 0))


def _scheme():
    return Scheme.objects.in_force(Q2)


def _components(project):
    """The project's unsaved score, its lines as ``components`` {key: ProjectScoreComponent}."""
    rows = scoring.compute(_scheme(), Q2, project.region.path)
    score = next(r for r in rows if r.project_id == project.pk)
    score.components = {line.key: line for line in score.lines}
    return score


def _complaint(project, **fields):
    c = make_complaint(project)
    Complaint.objects.filter(pk=c.pk).update(created=IN_Q2, **fields)
    return c


@pytest.fixture
def standard(db):
    return install_demo_standard()


def test_inspection_is_the_share_of_the_applicable_total(tree, users, standard):
    Inspection.objects.create(
        project=tree.project_a,
        enterprise=tree.ent_a,
        standard=standard,
        status=InspectionStatus.COUNTERSIGNED,
        total_points=Decimal("945"),
        deducted=Decimal("127.5"),
        score=Decimal("817.5"),
        countersigned_at=IN_Q2,
    )
    component = _components(tree.project_a).components[Component.INSPECTION]
    assert component.value == Decimal("86.51") and component.total == 945 and component.counted == Decimal("817.5")


def test_without_an_inspection_the_accepted_self_report_counts_discounted(tree, standard):
    total = standard.totals.get(project_type=tree.project_a.project_type).points
    SelfReport.objects.create(
        project=tree.project_a,
        enterprise=tree.ent_a,
        standard=standard,
        year=2026,
        quarter=2,
        due_date=dt.date(2026, 7, 15),
        status=ReportStatus.ACCEPTED,
        self_score=total - 50,
        submitted_at=IN_Q2,
    )
    component = _components(tree.project_a).components[Component.INSPECTION]
    expected = (Decimal(total - 50) / total * 100 * Decimal("0.9")).quantize(Decimal("0.01"))
    assert component.value == expected and component.self_assessed is True
    score = _components(tree.project_a)
    assert "自评" in scoring.explain(score, score.lines)[0]["facts"]


def test_substantiated_complaints_per_100_households_merged_count_once(tree, users):
    tree.project_a.households = 400
    tree.project_a.save()
    main = _complaint(tree.project_a, substantiated=True)
    _complaint(tree.project_a, substantiated=True, merged_into=main)  # a duplicate of the same problem
    _complaint(tree.project_a, substantiated=True)
    _complaint(tree.project_a, substantiated=False)
    component = _components(tree.project_a).components[Component.COMPLAINTS]
    # 2 per 400 households = 0.5 per 100 → 100 − 10 × 0.5 = 95
    assert component.value == 95 and component.counted == 2 and component.households == 400


def test_no_complaint_scores_full_marks_for_complaints(tree):
    assert _components(tree.project_a).components[Component.COMPLAINTS].value == 100


def _stage(complaint, stage, due, ended, *, party="enterprise", completed=True):
    StageRecord.objects.create(
        complaint=complaint,
        stage=stage,
        party=party,
        started_at=min(due, ended) - dt.timedelta(hours=2),
        due_at=due,
        ended_at=ended,
        completed=completed,
        enterprise=complaint.project.enterprise if party == "enterprise" else None,
    )


def test_handling_judges_the_enterprise_on_its_own_recorded_deadlines(tree, users):
    hour = dt.timedelta(hours=1)
    complaints = [_complaint(tree.project_a, assignee_kind="enterprise") for _ in range(4)]
    StageRecord.objects.filter(complaint__in=complaints).delete()
    on_time, late_answer, flagged, bureau_late = complaints
    _stage(on_time, "sign", IN_Q2, IN_Q2 - hour)
    _stage(on_time, "answer", IN_Q2 + 24 * hour, IN_Q2)
    _stage(late_answer, "sign", IN_Q2, IN_Q2)
    _stage(late_answer, "answer", IN_Q2 + hour, IN_Q2 + 2 * hour)
    _stage(flagged, "sign", IN_Q2, IN_Q2)  # flagged overdue by the sweep, yet signed by its deadline
    ComplaintEvent.objects.create(complaint=flagged, type=EventType.OVERDUE, actor_label="系统")
    _stage(bureau_late, "accept", IN_Q2, IN_Q2 + hour, party="bureau")  # the bureau's stage, not the enterprise's
    _stage(bureau_late, "sign", IN_Q2 + 2 * hour, IN_Q2 + 2 * hour)
    component = _components(tree.project_a).components[Component.HANDLING]
    assert (component.counted, component.total, component.value) == (3, 4, Decimal("75.00"))
    assert component.sources == [late_answer.pk]


def test_satisfaction_weighs_basically_satisfied(tree):
    for rating in (Feedback.SATISFIED, Feedback.BASICALLY_SATISFIED, Feedback.UNSATISFIED, Feedback.SATISFIED):
        _complaint(tree.project_a, feedback=rating, feedback_at=IN_Q2)
    component = _components(tree.project_a).components[Component.SATISFACTION]
    assert component.value == 70 and (component.counted, component.partial, component.total) == (2, 1, 4)  # (2+0.8)/4


def test_street_evaluation_and_rectification_and_self_report(tree, users, standard):
    StreetEvaluation.objects.create(project=tree.project_a, year=2026, quarter=2, score=88, evaluated_by=users.street_a)
    due = IN_Q2
    for closed_at, status in (
        (due - dt.timedelta(days=1), OrderStatus.CLOSED),
        (due + dt.timedelta(days=3), OrderStatus.CLOSED),
        (None, OrderStatus.ISSUED),
    ):
        RectificationOrder.objects.create(
            project=tree.project_a,
            enterprise=tree.ent_a,
            source=OrderSource.OTHER,
            issue="消防通道堆物",
            working_days=3,
            due_at=due,
            status=status,
            closed_at=closed_at,
            issued_by=users.district_a,
        )
    SelfReport.objects.create(
        project=tree.project_a,
        enterprise=tree.ent_a,
        standard=standard,
        year=2026,
        quarter=2,
        due_date=dt.date(2026, 7, 15),
        status=ReportStatus.SUBMITTED,
        late=True,
        submitted_at=IN_Q2,
    )
    parts = _components(tree.project_a).components
    assert parts[Component.STREET].value == 88
    assert parts[Component.RECTIFICATION].counted == 1 and parts[Component.RECTIFICATION].value == Decimal("33.33")
    assert parts[Component.SELF_REPORT].value == 60 and parts[Component.SELF_REPORT].outcome == "late"


def test_components_without_data_are_left_out_and_the_weights_rescaled(tree):
    score = _components(tree.project_a)
    assert set(score.components) == {Component.COMPLAINTS}
    assert score.score == Decimal("100.0") and score.components[Component.COMPLAINTS].effective_weight == 100
    assert "检查" in scoring.left_out(score, score.lines)


def test_the_score_is_the_sum_of_the_lines_points_rounded_half_up(tree, users):
    # complaints 100 (no complaint) × 25/30 = 83.33 and street 70.3 × 5/30 = 11.72 (11.716…):
    # the lines add up to 95.05 → 95.1; the weighted mean, 95.05, would round the same way here
    StreetEvaluation.objects.create(
        project=tree.project_a, year=2026, quarter=2, score=Decimal("70.3"), evaluated_by=users.street_a
    )
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    score = ProjectScore.objects.get(run=run, project=tree.project_a)
    points = {part.key: part.points for part in score.parts.all()}
    assert points == {Component.COMPLAINTS: Decimal("83.33"), Component.STREET: Decimal("11.72")}
    assert score.score == Decimal("95.1") == _components(tree.project_a).score
    footer = scoring.total(score, scoring.explain(score))
    assert footer["sum"] == "95.05" and footer["score"] == "95.1"


def _snapshot(run):
    """(project, score, rule, its lines) of every row of the run."""
    columns = [f.name for f in ProjectScoreComponent._meta.fields if f.name not in ("id", "score")]
    rows = []
    for score in ProjectScore.objects.filter(run=run).prefetch_related("parts"):
        parts = sorted(tuple(getattr(p, c) for c in columns) for p in score.parts.all())
        rows.append((score.project_id, score.score, score.rule, parts))
    return sorted(rows)


def test_partitions_in_any_order_and_re_runs_give_identical_rows(tree, users):
    _complaint(tree.project_a, substantiated=True)
    _complaint(tree.project_b, feedback=Feedback.SATISFIED, feedback_at=IN_Q2)
    run = jobs.start(Q2, enqueue=False)
    for code in reversed(run.partitions):
        jobs.compute_partition(run.pk, code)
    run.refresh_from_db()
    first = _snapshot(run)
    assert run.status == RunStatus.DRAFT and len(first) == 2
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    assert _snapshot(run) == first and ScoringRun.objects.count() == 1


def test_partitions_by_city_or_by_district_give_identical_rows(tree, users, monkeypatch):
    """A province is partitioned by city, a city by district: the same scores either way."""
    _complaint(tree.project_a, substantiated=True)
    _complaint(tree.project_b, feedback=Feedback.SATISFIED, feedback_at=IN_Q2)
    by_district = jobs.run_all(jobs.start(Q2, enqueue=False))
    assert sorted(by_district.partitions) == sorted(
        Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", flat=True)
    )
    rows = _snapshot(by_district)
    monkeypatch.setattr(jobs, "MIN_PARTITIONS", 1)  # as many cities as a province has
    by_city = jobs.run_all(jobs.start(Q2, enqueue=False))
    assert by_city.partitions == [tree.city.code]
    assert set(ProjectScore.objects.filter(run=by_city).values_list("partition", flat=True)) == {tree.city.code}
    assert _snapshot(by_city) == rows and len(rows) == 2


def test_a_project_moved_to_another_partition_is_rescored_in_either_order(tree, users):
    """Re-zoning between two computations of a draft quarter: the project's row moves to its new
    partition, whichever partition is computed first, and is not duplicated or lost."""
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    old = ProjectScore.objects.get(run=run, project=tree.project_a)
    assert old.partition == tree.a.code
    tree.project_a.region = tree.b1a
    tree.project_a.save()
    for order in (lambda codes: codes, reversed):
        run = jobs.start(Q2, enqueue=False)
        for code in order([tree.b.code, tree.a.code]):
            jobs.compute_partition(run.pk, code)
        moved = ProjectScore.objects.get(run=run, project=tree.project_a)
        assert moved.partition == tree.b.code and moved.region_path == tree.b1a.path
        assert ProjectScore.objects.filter(run=run).count() == 2


def test_a_partition_that_fails_mid_transaction_leaves_nothing_half_done(tree, monkeypatch):
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    before = _snapshot(run)
    run = jobs.start(Q2, enqueue=False)

    write = scoring.write

    def killed(*args, **kwargs):  # the partition's new rows are written, then the worker dies
        write(*args, **kwargs)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(scoring, "write", killed)
    with pytest.raises(RuntimeError):
        jobs.compute_partition(run.pk, run.partitions[0])
    run.refresh_from_db()
    assert run.partitions_done == [] and run.status == RunStatus.COMPUTING
    assert _snapshot(run) == before  # the old rows are still there, the delete was rolled back
    monkeypatch.undo()
    assert jobs.run_all(run).status == RunStatus.DRAFT and _snapshot(run) == before


def test_enterprise_score_is_household_weighted_plus_capped_summons(tree, users):
    other = ProjectFactory(region=tree.a1a, enterprise=tree.ent_a, households=300)
    tree.project_a.households = 100
    tree.project_a.save()
    _complaint(other, substantiated=True)  # 1 per 300 households → 100 − 3.33 = 96.67 → 96.7
    for _ in range(4):
        Summons.objects.create(
            enterprise=tree.ent_a,
            person="经理",
            held_on=dt.date(2026, 5, 1),
            reason="投诉多",
            created_by=users.district_a,
            region=tree.a,
        )
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    score = EnterpriseScore.objects.get(run=run, enterprise=tree.ent_a)
    assert score.base_score == Decimal("97.5")  # (100 × 100 + 96.7 × 300) / 400 = 97.525
    assert score.adjustment == Decimal("-15") and score.score == Decimal("82.5")  # 4 × −5, capped at −15


def test_a_scored_project_or_enterprise_cannot_be_deleted(tree, users):
    """Deleting a scored project or enterprise is refused through Django (and by the database:
    test_scoring_typed)."""
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    assert EnterpriseScore.objects.filter(run=run, enterprise=tree.ent_b).exists()
    project = ProjectFactory(region=tree.a1a, enterprise=tree.ent_b)  # no complaint, no inspection
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    assert ProjectScore.objects.filter(run=run, project=project).exists()
    with pytest.raises(ProtectedError):
        project.delete()
    with pytest.raises(ProtectedError):
        EnterpriseScore.objects.get(run=run, enterprise=tree.ent_b).enterprise.delete()
    assert Project.objects.filter(pk=project.pk).exists()


def test_a_past_quarter_recomputes_to_its_result_after_the_scheme_changed(tree, users):
    _complaint(tree.project_a, substantiated=True)
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    before = _snapshot(run)
    draft = schemes.new_version(_scheme(), actor=users.city)
    data = {**schemes.form_initial(draft), "effective": Q2.next().next(), "complaint_penalty": 50}
    data = {k: (Decimal(str(v)) if k in schemes.SCALARS else v) for k, v in data.items()}
    schemes.publish(schemes.update_draft(draft, data, actor=users.city), actor=users.city)
    assert Scheme.objects.in_force(Q2) == run.scheme and Scheme.objects.in_force(Q2.next().next()) == draft
    assert _snapshot(jobs.run_all(jobs.start(Q2, enqueue=False))) == before


def test_published_quarters_are_final_and_schemes_cannot_reach_back(tree, users, colleagues):
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    run = jobs.publish(jobs.review(close_objection_window(run), actor=colleagues.city), actor=users.city)
    assert run.status == RunStatus.PUBLISHED
    with pytest.raises(ValidationError):
        jobs.start(Q2)
    draft = schemes.new_version(_scheme(), actor=users.city)
    Scheme.objects.filter(pk=draft.pk).update(effective_year=2026, effective_quarter=2)
    with pytest.raises(ValidationError):
        schemes.publish(draft, actor=users.city)
    with pytest.raises(PermissionDenied):
        jobs.start(Q2.next(), actor=users.ent_a)


def test_scores_are_scoped_and_explained(tree, users, client_for):
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    score_a = ProjectScore.objects.get(run=run, project=tree.project_a)
    score_b = ProjectScore.objects.get(run=run, project=tree.project_b)
    page = client_for(users.ent_a).get(f"/ratings/project-scores/{score_a.pk}/")
    assert page.status_code == 200 and "计算明细" in page.content.decode() and "有效投诉" in page.content.decode()
    assert client_for(users.ent_a).get(f"/ratings/project-scores/{score_b.pk}/").status_code == 404
    assert client_for(users.district_b).get(f"/ratings/project-scores/{score_a.pk}/").status_code == 404
    listing = client_for(users.district_a).get(f"/ratings/{run.pk}/projects/").content.decode()
    assert tree.project_a.name in listing and tree.project_b.name not in listing
    ent = EnterpriseScore.objects.get(run=run, enterprise=tree.ent_b)
    assert client_for(users.ent_a).get(f"/ratings/enterprise-scores/{ent.pk}/").status_code == 404
    assert client_for(users.city).get(f"/ratings/enterprise-scores/{ent.pk}/").status_code == 200
    assert client_for(users.ent_a).post(f"/ratings/{run.pk}/publish/").status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT  # an enterprise cannot publish


def test_the_page_starts_a_run_and_shows_progress(
    tree, users, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(jobs, "_enqueue", lambda run: queued.append(run.pk))
    client = client_for(users.city)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ratings/start/", {"quarter": str(Quarter.last_closed())}, follow=True)
    run = ScoringRun.objects.get()
    assert queued == [run.pk] and run.status == RunStatus.COMPUTING
    assert "计算中" in response.content.decode() and "0 / 2" in response.content.decode()


def test_street_officers_evaluate_their_streets_projects(tree, users, client_for):
    quarter = Quarter.last_closed()
    client = client_for(users.street_a)
    page = client.get("/ratings/street/").content.decode()
    assert tree.project_a.name in page and tree.project_b.name not in page
    client.post("/ratings/street/", {"project": tree.project_a.pk, "score": "88.5", "note": "保洁及时"})
    assert StreetEvaluation.objects.get(project=tree.project_a, year=quarter.year, quarter=quarter.number).score == 88.5
    assert client.post("/ratings/street/", {"project": tree.project_b.pk, "score": "10"}).status_code == 404
    assert client.post("/ratings/street/", {"project": "9" * 30, "score": "10"}).status_code == 404
    client.post("/ratings/street/", {"project": tree.project_a.pk, "score": "101"})
    assert StreetEvaluation.objects.get(project=tree.project_a).score == 88.5
    assert client_for(users.district_a).get("/ratings/street/").status_code == 403
    jobs.publish(jobs.run_all(jobs.start(quarter, enqueue=False)))
    with pytest.raises(ValidationError):
        street.evaluate(tree.project_a, quarter, score=50, actor=users.street_a)


def test_published_quarters_are_not_offered_and_street_evaluation_closes(tree, users, client_for):
    quarter = Quarter.last_closed()
    jobs.publish(jobs.run_all(jobs.start(quarter, enqueue=False)))
    page = client_for(users.city).get("/ratings/").content.decode()
    assert f'<option value="{quarter}"' not in page and f'<option value="{quarter.previous()}"' in page
    street_page = client_for(users.street_a).get("/ratings/street/").content.decode()
    assert "街道考核已结束" in street_page and "<fieldset disabled>" in street_page
