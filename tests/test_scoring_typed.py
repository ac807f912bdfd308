"""Scores from typed inputs (issue 21 §5, §6): every component against a reference written another
way (plain Python over the rows the test made), every demo score's explanation checked as a
reader with a calculator would, the foreign keys back in the database, and the stored JSON of
scores made before typed rows converted faithfully by the migration."""

import datetime as dt
import io
import random
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from complaints.choices import Feedback
from complaints.models import Complaint, StageRecord
from inspections.choices import InspectionStatus, OrderSource, OrderStatus, ReportStatus
from inspections.demo_standard import install_demo_standard
from inspections.models import Inspection, RectificationOrder, SelfReport
from ratings import jobs, scoring
from ratings.choices import Component, ScoreRule
from ratings.models import ProjectScore, ProjectScoreComponent, StreetEvaluation

from .factories import ProjectFactory, make_complaint
from .test_ratings import IN_Q2, Q2

H = dt.timedelta(hours=1)
WEIGHTS = {
    "inspection": 35,
    "complaints": 25,
    "handling": 15,
    "satisfaction": 10,
    "street": 5,
    "rectification": 5,
    "self_report": 5,
}


def _half_up(number, places: str) -> Decimal:
    return Decimal(number).quantize(Decimal(places), ROUND_HALF_UP)


def _quarter(tree, users, rng: random.Random) -> list:
    """Eight projects with a random quarter each: inspections or an accepted self-report,
    complaints received (substantiated, merged, before the quarter), their enterprise and bureau
    stages met or missed, ratings, orders, street evaluations."""
    standard = install_demo_standard()
    projects = [tree.project_a, tree.project_b] + [
        ProjectFactory(
            region=rng.choice([tree.a1a, tree.b1a]),
            enterprise=rng.choice([tree.ent_a, tree.ent_b]),
            households=rng.choice([37, 213, 640, 4213]),
        )
        for _ in range(6)
    ]
    for i, project in enumerate(projects):
        if i % 3 == 0:
            for _ in range(rng.randint(1, 2)):
                total = Decimal(rng.choice([945, 1000, 333]))
                score = total - Decimal(rng.randint(0, 3000)) / 10
                Inspection.objects.create(
                    project=project,
                    enterprise=project.enterprise,
                    standard=standard,
                    total_points=total,
                    deducted=total - score,
                    score=score,
                    status=InspectionStatus.COUNTERSIGNED,
                    countersigned_at=IN_Q2,
                )
        if i % 3 != 2:
            total = standard.totals.get(project_type=project.project_type).points
            status = rng.choice([ReportStatus.ACCEPTED, ReportStatus.SUBMITTED, ReportStatus.RETURNED])
            SelfReport.objects.create(
                project=project,
                enterprise=project.enterprise,
                standard=standard,
                year=2026,
                quarter=2,
                due_date=dt.date(2026, 7, 15),
                status=status,
                late=rng.random() < 0.3,
                submitted_at=IN_Q2,
                self_score=total - rng.randint(0, 200),
            )
        main = None
        for _ in range(rng.randint(0, 7)):
            c = make_complaint(project)
            StageRecord.objects.filter(complaint=c).delete()
            created = IN_Q2 if rng.random() < 0.85 else IN_Q2 - dt.timedelta(days=60)
            fields = {"created": created, "substantiated": rng.choice([True, False, None])}
            if main is not None and rng.random() < 0.2:
                fields["merged_into"] = main
            if rng.random() < 0.7:
                fields.update(feedback=rng.choice(list(Feedback.values)), feedback_at=IN_Q2 + dt.timedelta(days=3))
            Complaint.objects.filter(pk=c.pk).update(**fields)
            main = main or c
            for stage, party in (("accept", "bureau"), ("sign", "enterprise"), ("answer", "enterprise")):
                if rng.random() < 0.2:
                    break
                due = created + rng.randint(2, 30) * H
                ended = rng.choice([due - H, due, due + 2 * H, None])
                StageRecord.objects.create(
                    complaint=c,
                    stage=stage,
                    party=party,
                    started_at=created,
                    due_at=due,
                    ended_at=ended,
                    completed=ended is not None and rng.random() < 0.9,
                    enterprise=project.enterprise if party == "enterprise" else None,
                )
                if ended is None:
                    break
        for _ in range(rng.randint(0, 3)):
            closed = rng.choice([IN_Q2 - H, IN_Q2 + 30 * H, None])
            RectificationOrder.objects.create(
                project=project,
                enterprise=project.enterprise,
                source=OrderSource.OTHER,
                issue="消防通道堆物",
                working_days=3,
                due_at=IN_Q2,
                closed_at=closed,
                issued_by=users.district_a,
                status=OrderStatus.CLOSED if closed else OrderStatus.ISSUED,
            )
        if rng.random() < 0.5:
            StreetEvaluation.objects.create(
                project=project,
                year=2026,
                quarter=2,
                score=Decimal(rng.randint(500, 1000)) / 10,
                evaluated_by=users.street_a,
            )
    return projects


def _enterprise_verdict(complaint, as_of) -> tuple[bool, bool]:
    """(timed, on time) of the enterprise's own stages: a stage is late when it ended (or, still
    running, ``as_of`` is) after its recorded deadline; it counts when completed or late."""
    stages = [s for s in StageRecord.objects.filter(complaint=complaint) if s.party == "enterprise" and s.due_at]
    late = [s for s in stages if (s.ended_at or as_of) > s.due_at]
    timed = any(s.completed or s in late for s in stages)
    return timed, timed and not late


def _reference(project, as_of) -> dict:
    """{component: (value, counted, total)} from the project's rows, in plain Python."""
    start, end = Q2.bounds()
    found = {}
    inspections = [i for i in Inspection.objects.filter(project=project) if start <= i.countersigned_at < end]
    report = SelfReport.objects.filter(project=project, year=2026, quarter=2).first()
    if inspections:
        score, total = sum(i.score for i in inspections), sum(i.total_points for i in inspections)
        found["inspection"] = (_half_up(score * 100 / total, "0.01"), score, total)
    elif report and report.status == ReportStatus.ACCEPTED:
        total = report.standard.totals.get(project_type=project.project_type).points
        found["inspection"] = (
            _half_up(report.self_score * 100 * Decimal("0.9") / total, "0.01"),
            report.self_score,
            total,
        )
    received = [c for c in Complaint.objects.filter(project=project) if start <= c.created < end]
    n = sum(1 for c in received if c.substantiated and c.merged_into_id is None)
    found["complaints"] = (_half_up(max(0, 100 - Decimal(10) * n * 100 / project.households), "0.01"), n, None)
    verdicts = [_enterprise_verdict(c, as_of) for c in received]
    timed, on_time = sum(t for t, _ in verdicts), sum(o for _, o in verdicts)
    if timed:
        found["handling"] = (_half_up(Decimal(on_time * 100) / timed, "0.01"), on_time, timed)
    rated = [c for c in Complaint.objects.filter(project=project) if c.feedback and start <= c.feedback_at < end]
    if rated:
        satisfied = sum(c.feedback == Feedback.SATISFIED for c in rated)
        basic = sum(c.feedback == Feedback.BASICALLY_SATISFIED for c in rated)
        value = _half_up((satisfied + Decimal("0.8") * basic) * 100 / len(rated), "0.01")
        found["satisfaction"] = (value, satisfied, len(rated))
    evaluation = StreetEvaluation.objects.filter(project=project, year=2026, quarter=2).first()
    if evaluation:
        found["street"] = (evaluation.score, None, None)
    orders = [o for o in RectificationOrder.objects.filter(project=project) if start <= o.due_at < end]
    if orders:
        ok = sum(o.status == OrderStatus.CLOSED and o.closed_at <= o.due_at for o in orders)
        found["rectification"] = (_half_up(Decimal(ok * 100) / len(orders), "0.01"), ok, len(orders))
    if report:
        outcome = ("late" if report.late else "on_time") if report.status in ("accepted", "submitted") else "missing"
        found["self_report"] = (Decimal({"on_time": 100, "late": 60, "missing": 0}[outcome]), None, None)
    return found


def _reference_score(found: dict) -> Decimal:
    present = sum(WEIGHTS[k] for k in found)
    return _half_up(sum(_half_up(v * WEIGHTS[k] / present, "0.01") for k, (v, *_) in found.items()), "0.1")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_component_and_score_agrees_with_a_reference_from_the_rows(tree, users, seed):
    projects = _quarter(tree, users, random.Random(seed))
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    for project in projects:
        score = ProjectScore.objects.get(run=run, project=project)
        expected = _reference(project, run.started)
        parts = {p.key: p for p in score.parts.all()}
        assert set(parts) == set(expected), project
        for key, (value, counted, total) in expected.items():
            assert parts[key].value == value, (project, key)
            if counted is not None:
                assert (parts[key].counted, parts[key].total) == (counted, total), (project, key)
        assert score.score == _reference_score(expected) and score.rule == ScoreRule.LINES


NUMBER = r"-?\d+(?:\.\d+)?"


def _calculator(line: dict) -> Decimal:
    """The line's value from the numbers its text prints, as a reader would key them in."""
    facts, key = line["facts"], line["key"]
    numbers = [Decimal(n) for n in re.findall(NUMBER, facts.replace("×", " ").replace("÷", " "))]
    match key:
        case "inspection" if "自评" in facts:
            s, t, _hundred, f = numbers[:4]
            return s / t * 100 * f
        case "inspection":
            s, t = numbers[:2]
            return s / t * 100
        case "complaints":
            n, h, _hundred, f = numbers[:4]
            assert f"100 − {f} × {n} × 100 ÷ {h}" in facts
            return max(Decimal(0), 100 - f * n * 100 / h)
        case "handling" | "rectification":
            o, t = numbers[:2]
            return o / t * 100
        case "satisfaction":
            s, f, b, r = numbers[:4]
            return (s + f * b) / r * 100
        case _:
            return Decimal(line["value"])  # street, self-report: the value is the fact


@pytest.mark.django_db
def test_every_demo_score_explanation_adds_up_and_each_line_reproduces_with_a_calculator(client):
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    scores = ProjectScore.objects.select_related("run").prefetch_related("parts")
    assert scores.count() > 100
    for score in scores:
        lines = scoring.explain(score)
        footer = scoring.total(score, lines)
        printed = sum(Decimal(line["points"]) for line in lines)
        assert Decimal(footer["sum"]) == printed and Decimal(footer["score"]) == score.score
        assert _half_up(printed, "0.1") == score.score, score  # the printed lines make the printed total
        for line in lines:
            assert _half_up(_calculator(line), "0.01") == Decimal(line["value"]), line
            weighted = Decimal(line["value"]) * Decimal(line["scheme_weight"]) / Decimal(line["present_weight"])
            assert _half_up(weighted, "0.01") == Decimal(line["points"]), line
            if line["key"] == "handling":
                assert "签收、答复" in line["facts"] and "截止时间" in line["facts"]
    page_score = scores.filter(parts__key=Component.HANDLING).first()
    from accounts.models import User

    client.force_login(User.objects.get(username="admin"))
    page = client.get(f"/ratings/project-scores/{page_score.pk}/").content.decode()
    assert "分项得分合计" in page and str(page_score.score) in page and "满意度得分" in page


def _constraints(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND conrelid = %s::regclass",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def test_the_score_tables_have_their_foreign_keys_and_the_database_refuses_deleting_a_scored_project(tree, users):
    assert {"projects_project", "enterprises_enterprise", "ratings_scoringrun"} <= _constraints("ratings_projectscore")
    assert {"enterprises_enterprise", "ratings_scoringrun"} <= _constraints("ratings_enterprisescore")
    assert "ratings_projectscore" in _constraints("ratings_projectscorecomponent")
    run = jobs.run_all(jobs.start(Q2, enqueue=False))
    score = ProjectScore.objects.get(run=run, project=tree.project_a)
    for table, pk in (("projects_project", score.project_id), ("enterprises_enterprise", score.enterprise_id)):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


LEGACY = {  # a score of the former statement, as stored (components JSON, effective weights as floats)
    "inspection": {
        "value": 86.51,
        "weight": 38.88888888888889,
        "inputs": {"score": 817.5, "total": 945.0, "inspections": [11, 12]},
    },
    "complaints": {
        "value": 99.53,
        "weight": 27.77777777777778,
        "inputs": {"count": 2, "households": 4213, "per_100": 0.05, "complaints": [7, 9]},
    },
    "handling": {"value": 66.67, "weight": 16.666666666666664, "inputs": {"total": 3, "on_time": 2}},
    "satisfaction": {
        "value": 70.0,
        "weight": 11.11111111111111,
        "inputs": {"rated": 4, "satisfied": 2, "basic": 1, "factor": 0.8},
    },
    "self_report": {
        "value": 60.0,
        "weight": 5.555555555555555,
        "inputs": {"outcome": "late", "status": "submitted", "self_report": 5},
    },
}


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_stored_json_into_typed_rows_and_keeps_the_published_score(tree, users, client_for):
    executor = MigrationExecutor(connection)
    executor.migrate([("ratings", "0012_components_as_json")])
    try:
        apps = executor.loader.project_state([("ratings", "0012_components_as_json")]).apps
        Run, Score = apps.get_model("ratings", "ScoringRun"), apps.get_model("ratings", "ProjectScore")
        Scheme = apps.get_model("ratings", "Scheme")
        run = Run.objects.create(year=2025, quarter=1, scheme=Scheme.objects.get(version=1), status="published")
        published = Score.objects.create(
            run=run,
            partition=tree.a.code,
            project_id=tree.project_a.pk,
            enterprise_id=tree.ent_a.pk,
            region_path=tree.a1a.path,
            households=4213,
            score=Decimal("83.5"),
            components=LEGACY,
        )
        empty = Score.objects.create(
            run=run,
            partition=tree.b.code,
            project_id=tree.project_b.pk,
            enterprise_id=tree.ent_b.pk,
            region_path=tree.b1a.path,
            households=0,
            score=Decimal("0"),
            components={},
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    score = ProjectScore.objects.get(pk=published.pk)
    assert score.score == Decimal("83.5") and score.rule == ScoreRule.MEAN
    parts = {p.key: p for p in ProjectScoreComponent.objects.filter(score=score)}
    assert set(parts) == set(LEGACY) and not ProjectScoreComponent.objects.filter(score_id=empty.pk).exists()
    inspection, complaints, satisfaction = parts["inspection"], parts["complaints"], parts["satisfaction"]
    assert (inspection.value, inspection.counted, inspection.total) == (Decimal("86.51"), Decimal("817.5"), 945)
    assert inspection.sources == [11, 12] and inspection.weight == 35
    assert (complaints.counted, complaints.households, complaints.factor, complaints.sources) == (2, 4213, 10, [7, 9])
    assert (satisfaction.counted, satisfaction.partial, satisfaction.total, satisfaction.factor) == (
        2,
        1,
        4,
        Decimal("0.8"),
    )
    assert parts["self_report"].outcome == "late" and parts["self_report"].sources == [5]
    # weights 35 + 25 + 15 + 10 + 5 = 90: 86.51 × 35 ÷ 90 = 33.6428 → 33.64 …
    assert inspection.points == Decimal("33.64") and inspection.effective_weight == Decimal("38.888889")
    lines = scoring.explain(score)
    footer = scoring.total(score, lines)
    weighted = sum(Decimal(str(c["value"])) * w for c, w in zip(LEGACY.values(), (35, 25, 15, 10, 5), strict=True))
    assert footer["mean"] == str(_half_up(weighted / 90, "0.0001")) and footer["score"] == "83.5"
    assert "100 − 10 × 2 × 100 ÷ 4213" in lines[1]["facts"] and "原口径" in lines[2]["facts"]
    page = client_for(users.city).get(f"/ratings/project-scores/{score.pk}/").content.decode()
    assert "原规则" in page and footer["mean"] in page and "83.5" in page
