"""The quarterly score of a project (量化考核), as a rule: what each component is, how the
weights combine, and how the result is explained.

``compute(scheme, quarter, partition)`` reads only stored facts of the quarter (countersigned
inspections, self-reports, complaints and their events, rectification orders, street
evaluations) for the projects of one partition (a district) and returns unsaved
``ProjectScore`` rows. Each component is one grouped query over the partition; a component
without data for a project is left out and the other weights are rescaled. ``explain(score)``
turns the stored components into the lines a page shows, never recomputing anything.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from complaints.choices import AssigneeKind, EventType, Feedback
from complaints.models import Complaint, ComplaintEvent
from core.quarters import Quarter
from inspections.choices import InspectionStatus, OrderStatus, ReportStatus
from inspections.models import Inspection, RectificationOrder, SelfReport, StandardTotal
from projects.models import Project

from .choices import Component
from .models import ProjectScore, Scheme, StreetEvaluation

ONE_PLACE = Decimal("0.1")


def compute(scheme: Scheme, quarter: Quarter, partition: str, *, run=None) -> list[ProjectScore]:
    """The scores of the managed projects under the region path ``partition`` for ``quarter``."""
    projects = list(
        Project.objects.filter(region__path__startswith=partition, enterprise__isnull=False).values(
            "id", "enterprise_id", "households", "region__path"
        )
    )
    facts = {key: finder(quarter, partition, scheme.params) for key, finder in FINDERS.items()}
    code = partition.rstrip("/").rsplit("/", 1)[-1]
    rows = []
    for project in projects:
        components = {key: found[project["id"]] for key, found in facts.items() if project["id"] in found}
        if Component.COMPLAINTS not in components and project["households"]:
            components[Component.COMPLAINTS] = _complaint_value(0, project["households"], scheme.params)
        score = combine(components, scheme.params["weights"])
        rows.append(
            ProjectScore(
                run=run, partition=code, project_id=project["id"], enterprise_id=project["enterprise_id"],
                region_path=project["region__path"], households=project["households"], score=score,
                components=components,
            )
        )  # fmt: skip
    return rows


def combine(components: dict, weights: dict) -> Decimal:
    """The weighted mean of the components present, each weight rescaled by the sum of present
    weights; the effective weight is written back into each component for the explanation."""
    present = sum(Decimal(str(weights[key])) for key in components)
    if not present:
        return Decimal(0)
    total = Decimal(0)
    for key, component in components.items():
        share = Decimal(str(weights[key])) / present
        component["weight"] = float(share * 100)
        total += Decimal(str(component["value"])) * share
    return total.quantize(ONE_PLACE, ROUND_HALF_UP)


def _rounded(value) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP))


# --- components: each returns {project id: {"value": 0–100, "inputs": {...}}} -----------------
def inspection(quarter: Quarter, partition: str, params: dict) -> dict:
    """Countersigned inspections of the quarter: score as a share of the applicable total; without
    one, the accepted self-report's score × the self-report factor, marked self-assessed."""
    start, end = quarter.bounds()
    rows = (
        Inspection.objects.filter(
            project__region__path__startswith=partition, status=InspectionStatus.COUNTERSIGNED,
            countersigned_at__gte=start, countersigned_at__lt=end, total_points__gt=0,
        )  # fmt: skip
        .values("project_id")
        .annotate(score=Sum("score"), total=Sum("total_points"), ids=ArrayAgg("id"))
    )
    found = {
        r["project_id"]: {
            "value": _rounded(r["score"] / r["total"] * 100),
            "inputs": {"score": float(r["score"]), "total": float(r["total"]), "inspections": r["ids"]},
        }
        for r in rows
    }
    for project_id, component in _self_assessed(quarter, partition, params).items():
        found.setdefault(project_id, component)
    return found


def _self_assessed(quarter: Quarter, partition: str, params: dict) -> dict:
    reports = SelfReport.objects.filter(
        project__region__path__startswith=partition, year=quarter.year, quarter=quarter.number,
        status=ReportStatus.ACCEPTED, self_score__isnull=False,
    ).values("id", "project_id", "self_score", "standard_id", "project__project_type")  # fmt: skip
    totals = {(t.standard_id, t.project_type): t.points for t in StandardTotal.objects.all()}
    factor = Decimal(str(params["self_report_factor"]))
    found = {}
    for r in reports:
        total = totals.get((r["standard_id"], r["project__project_type"]))
        if total:
            found[r["project_id"]] = {
                "value": _rounded(r["self_score"] / total * 100 * factor),
                "inputs": {"self_score": float(r["self_score"]), "total": float(total), "factor": float(factor),
                           "self_report": r["id"], "self_assessed": True},
            }  # fmt: skip
    return found


def complaints(quarter: Quarter, partition: str, params: dict) -> dict:
    """Substantiated complaints of the quarter per 100 households (merged duplicates once)."""
    start, end = quarter.bounds()
    rows = (
        Complaint.objects.filter(
            region_path__startswith=partition, created__gte=start, created__lt=end, substantiated=True,
            merged_into__isnull=True, project__households__gt=0,
        )  # fmt: skip
        .values("project_id", "project__households")
        .annotate(n=Count("id"), ids=ArrayAgg("id"))
    )
    found = {}
    for r in rows:
        found[r["project_id"]] = _complaint_value(r["n"], r["project__households"], params)
        found[r["project_id"]]["inputs"]["complaints"] = r["ids"]
    return found


def _complaint_value(count: int, households: int, params: dict) -> dict:
    per_100 = Decimal(count) * 100 / Decimal(households)
    value = max(Decimal(0), 100 - Decimal(str(params["complaint_penalty"])) * per_100)
    inputs = {"count": count, "households": households, "per_100": _rounded(per_100)}
    return {"value": _rounded(value), "inputs": inputs}


def handling(quarter: Quarter, partition: str, params: dict) -> dict:
    """Share of the quarter's complaints assigned to the enterprise that were answered without
    ever going overdue."""
    start, end = quarter.bounds()
    overdue = ComplaintEvent.objects.filter(complaint_id=OuterRef("pk"), type=EventType.OVERDUE)
    rows = (
        Complaint.objects.filter(
            region_path__startswith=partition, created__gte=start, created__lt=end,
            assignee_kind=AssigneeKind.ENTERPRISE, merged_into__isnull=True,
        )  # fmt: skip
        .annotate(late=Exists(overdue))
        .values("project_id")
        .annotate(total=Count("id"), on_time=Count("id", filter=Q(answered_at__isnull=False, late=False)))
    )
    return {
        r["project_id"]: {
            "value": _rounded(Decimal(r["on_time"]) * 100 / r["total"]),
            "inputs": {"total": r["total"], "on_time": r["on_time"]},
        }
        for r in rows
    }


def satisfaction(quarter: Quarter, partition: str, params: dict) -> dict:
    """(satisfied + factor × basically satisfied) ÷ rated, over ratings given in the quarter."""
    start, end = quarter.bounds()
    rows = (
        Complaint.objects.filter(region_path__startswith=partition, feedback_at__gte=start, feedback_at__lt=end)
        .exclude(feedback="")
        .values("project_id")
        .annotate(
            rated=Count("id"),
            satisfied=Count("id", filter=Q(feedback=Feedback.SATISFIED)),
            basic=Count("id", filter=Q(feedback=Feedback.BASICALLY_SATISFIED)),
        )
    )
    factor = Decimal(str(params["basically_satisfied_factor"]))
    return {
        r["project_id"]: {
            "value": _rounded((r["satisfied"] + factor * r["basic"]) * 100 / r["rated"]),
            "inputs": {"rated": r["rated"], "satisfied": r["satisfied"], "basic": r["basic"], "factor": float(factor)},
        }
        for r in rows
    }


def street(quarter: Quarter, partition: str, params: dict) -> dict:
    """The street office's evaluation of the project for the quarter."""
    rows = StreetEvaluation.objects.filter(
        project__region__path__startswith=partition, year=quarter.year, quarter=quarter.number
    ).values("project_id", "score", "id")
    return {r["project_id"]: {"value": float(r["score"]), "inputs": {"evaluation": r["id"]}} for r in rows}


def rectification(quarter: Quarter, partition: str, params: dict) -> dict:
    """Share of the rectification orders due in the quarter that were closed by their deadline."""
    start, end = quarter.bounds()
    rows = (
        RectificationOrder.objects.filter(
            project__region__path__startswith=partition, due_at__gte=start, due_at__lt=end
        )
        .values("project_id")
        .annotate(
            total=Count("id"),
            on_time=Count("id", filter=Q(status=OrderStatus.CLOSED, closed_at__lte=F("due_at"))),
            ids=ArrayAgg("id"),
        )
    )
    return {
        r["project_id"]: {
            "value": _rounded(Decimal(r["on_time"]) * 100 / r["total"]),
            "inputs": {"total": r["total"], "on_time": r["on_time"], "orders": r["ids"]},
        }
        for r in rows
    }


def self_report(quarter: Quarter, partition: str, params: dict) -> dict:
    """The quarter's self-report: on time (and accepted or awaiting review) 100, late 60,
    returned or never submitted 0."""
    points = params["self_report_points"]
    rows = SelfReport.objects.filter(
        project__region__path__startswith=partition, year=quarter.year, quarter=quarter.number
    ).values("id", "project_id", "status", "late")
    found = {}
    for r in rows:
        if r["status"] in (ReportStatus.ACCEPTED, ReportStatus.SUBMITTED):
            outcome = "late" if r["late"] else "on_time"
        else:
            outcome = "missing"
        found[r["project_id"]] = {
            "value": float(points[outcome]),
            "inputs": {"outcome": outcome, "status": r["status"], "self_report": r["id"]},
        }
    return found


FINDERS = {
    Component.INSPECTION: inspection,
    Component.COMPLAINTS: complaints,
    Component.HANDLING: handling,
    Component.SATISFACTION: satisfaction,
    Component.STREET: street,
    Component.RECTIFICATION: rectification,
    Component.SELF_REPORT: self_report,
}


# --- the explanation ---------------------------------------------------------------------------
def explain(score: ProjectScore) -> list[dict]:
    """One line per component, in the scheme's order: what was counted, the value, the effective
    weight and the points it contributed; then the components left out."""
    lines = []
    for key in Component.values:
        component = score.components.get(key)
        if component is None:
            continue
        value, weight = Decimal(str(component["value"])), Decimal(str(component["weight"]))
        lines.append(
            {
                "key": key,
                "label": str(Component(key).label),
                "facts": _facts(key, component["inputs"]),
                "value": float(value),
                "weight": float(weight.quantize(ONE_PLACE)),
                "points": float((value * weight / 100).quantize(ONE_PLACE, ROUND_HALF_UP)),
                "inputs": component["inputs"],
            }
        )
    return lines


def left_out(score: ProjectScore) -> list[str]:
    """The components without data this quarter (their weight went to the others)."""
    return [str(Component(key).label) for key in Component.values if key not in score.components]


def _facts(key: str, inputs: dict) -> str:
    if key == Component.INSPECTION and inputs.get("self_assessed"):
        return _("本季度无检查，按自评 %(s)s / %(t)s × %(f)s（自评）") % {
            "s": inputs["self_score"], "t": inputs["total"], "f": inputs["factor"]
        }  # fmt: skip
    templates = {
        Component.INSPECTION: _("检查得分 %(score)s / 应得分 %(total)s"),
        Component.COMPLAINTS: _("有效投诉 %(count)s 件 / %(households)s 户 → 每百户 %(per_100)s"),
        Component.HANDLING: _("按时答复 %(on_time)s / %(total)s 件"),
        Component.SATISFACTION: _("满意 %(satisfied)s、基本满意 %(basic)s（× %(factor)s）/ 评价 %(rated)s 件"),
        Component.STREET: _("街道办事处评分"),
        Component.RECTIFICATION: _("按期销号 %(on_time)s / 到期 %(total)s 单"),
        Component.SELF_REPORT: _("自查自评：%(outcome)s"),
    }
    if key == Component.SELF_REPORT:
        outcome = {"on_time": _("按时提交"), "late": _("逾期提交"), "missing": _("退回或未提交")}[inputs["outcome"]]
        return templates[key] % {"outcome": outcome}
    return templates[key] % inputs
