"""The components of the quarterly score (:mod:`ratings.scoring`): one short SELECT each, grouped
per project, over the stored facts of the quarter.

Each function returns the SQL of one component over the CTE ``p`` (the partition's managed
projects, :data:`ratings.scoring.PROJECTS`); its parameters (``%(start)s``, ``%(penalty)s`` …) are
those of ``scoring._statement``. A component's row gives its value and the inputs it was computed
from (``INPUTS``, typed columns of ``ProjectScoreComponent``); a project without data for it has no
row. The complaint-based ones count the measures of :mod:`complaints.measures`.
"""

from __future__ import annotations

from complaints.measures import MEASURES, stages_join

from .choices import Component

# Every component's SELECT gives, per project: its inputs (as ``f``) and its value from them.
INPUTS = {  # column: its SQL type and the value of a component that does not use it
    "counted": ("numeric", "NULL"),
    "partial": ("integer", "NULL"),
    "total": ("numeric", "NULL"),
    "households": ("integer", "NULL"),
    "factor": ("numeric", "NULL"),
    "self_assessed": ("boolean", "false"),
    "outcome": ("text", "''"),
    "sources": ("bigint[]", "'{}'"),
}
INSPECTED = (
    "i.status = %(countersigned)s AND i.countersigned_at >= %(start)s AND i.countersigned_at < %(end)s"
    " AND i.total_points > 0"
)
SELF_REPORT = (  # the project's self-report of the quarter, read project by project (OFFSET 0)
    "CROSS JOIN LATERAL (SELECT * FROM inspections_selfreport s WHERE s.project_id = p.id"
    " AND s.year = %(year)s AND s.quarter = %(quarter)s OFFSET 0) s"
)
RECEIVED = "c.region_path LIKE %(prefix)s AND c.created >= %(start)s AND c.created < %(end)s"
RATED = "c.region_path LIKE %(prefix)s AND c.feedback_at >= %(start)s AND c.feedback_at < %(end)s"


def _part(key: str, facts: str, value: str, **inputs: str) -> str:
    """``SELECT project_id, key, value, <inputs>`` from ``facts`` (one row per project, as ``f``);
    rows whose value is NULL (no data) are left out."""
    columns = ", ".join(f"({inputs.get(name, default)})::{kind} AS {name}" for name, (kind, default) in INPUTS.items())
    return (
        f"SELECT f.project_id, '{key}'::text AS key, round(({value})::numeric, 2) AS value, {columns}\n"
        f"FROM ({facts}) AS f WHERE ({value}) IS NOT NULL"
    )


def _inspection() -> str:
    return _part(
        Component.INSPECTION,
        "SELECT i.project_id, sum(i.score) AS score, sum(i.total_points) AS total, array_agg(i.id ORDER BY i.id) AS ids"
        f" FROM inspections_inspection i JOIN p ON p.id = i.project_id WHERE {INSPECTED} GROUP BY i.project_id",
        "f.score * 100 / f.total",
        counted="f.score",
        total="f.total",
        sources="f.ids",
    )


def _self_assessed() -> str:
    """Inspection without an inspection: the accepted self-report's self-score, discounted."""
    return _part(
        Component.INSPECTION,
        f"SELECT p.id AS project_id, s.id, s.self_score, t.points FROM p {SELF_REPORT}"
        " JOIN inspections_standardtotal t ON t.standard_id = s.standard_id AND t.project_type = p.project_type"
        " WHERE s.status = %(accepted)s AND s.self_score IS NOT NULL AND t.points <> 0"
        f" AND NOT EXISTS (SELECT 1 FROM inspections_inspection i WHERE i.project_id = p.id AND {INSPECTED})",
        "f.self_score * 100 * %(self_factor)s / f.points",
        counted="f.self_score",
        total="f.points",
        factor="%(self_factor)s",
        self_assessed="true",
        sources="ARRAY[f.id]",
    )


def _complaints() -> str:
    """Substantiated complaints received in the quarter per 100 households, as a penalty."""
    substantiated = MEASURES["substantiated"]
    return _part(
        Component.COMPLAINTS,
        "SELECT p.id AS project_id, p.households, coalesce(n.counted, 0) AS counted, n.ids FROM p LEFT JOIN ("
        f"SELECT c.project_id, {substantiated.count_sql()} AS counted,"
        f" array_agg(c.id ORDER BY c.id) FILTER (WHERE {substantiated.condition}) AS ids"
        f" FROM complaints_complaint c JOIN p ON p.id = c.project_id WHERE {RECEIVED} GROUP BY c.project_id"
        ") n ON n.project_id = p.id WHERE p.households > 0",
        "greatest(0, 100 - %(penalty)s * f.counted * 100 / f.households::numeric)",
        counted="f.counted",
        households="f.households",
        factor="%(penalty)s",
        sources="coalesce(f.ids, '{}')",
    )


def _handling() -> str:
    """Complaints received in the quarter whose enterprise stages (sign, answer) count, and those
    of them the enterprise completed by every deadline, judged at the run's start; the sources
    are the late ones."""
    timed, on_time = MEASURES["enterprise_timed"], MEASURES["enterprise_on_time"]
    return _part(
        Component.HANDLING,
        f"SELECT c.project_id, {on_time.count_sql()} AS on_time, {timed.count_sql()} AS timed,"
        f" array_agg(c.id ORDER BY c.id) FILTER (WHERE {timed.condition} AND NOT {on_time.condition}) AS late"
        f" FROM complaints_complaint c JOIN p ON p.id = c.project_id {stages_join('%(as_of)s::timestamptz')}"
        f" WHERE {RECEIVED} GROUP BY c.project_id",
        "CASE WHEN f.timed > 0 THEN f.on_time * 100 / f.timed::numeric END",
        counted="f.on_time",
        total="f.timed",
        sources="coalesce(f.late, '{}')",
    )


def _satisfaction() -> str:
    """Complaints rated in the quarter: (satisfied + factor × basically satisfied) ÷ rated."""
    rated, satisfied, basically = (MEASURES[k] for k in ("rated", "satisfied", "basically_satisfied"))
    return _part(
        Component.SATISFACTION,
        f"SELECT c.project_id, {satisfied.count_sql()} AS satisfied, {basically.count_sql()} AS basically,"
        f" {rated.count_sql()} AS rated"
        f" FROM complaints_complaint c JOIN p ON p.id = c.project_id WHERE {RATED} GROUP BY c.project_id",
        "CASE WHEN f.rated > 0 THEN (f.satisfied + %(basic_factor)s * f.basically) * 100 / f.rated END",
        counted="f.satisfied",
        partial="f.basically",
        total="f.rated",
        factor="%(basic_factor)s",
    )


def _street() -> str:
    return _part(
        Component.STREET,
        "SELECT e.project_id, e.id, e.score FROM ratings_streetevaluation e JOIN p ON p.id = e.project_id"
        " WHERE e.year = %(year)s AND e.quarter = %(quarter)s",
        "f.score",
        sources="ARRAY[f.id]",
    )


def _rectification() -> str:
    """Orders due in the quarter and those closed by their deadline."""
    return _part(
        Component.RECTIFICATION,
        "SELECT o.project_id, count(*) FILTER (WHERE o.status = %(closed)s AND o.closed_at <= o.due_at) AS on_time,"
        " count(*) AS due, array_agg(o.id ORDER BY o.id) AS ids"
        " FROM inspections_rectificationorder o JOIN p ON p.id = o.project_id"
        " WHERE o.due_at >= %(start)s AND o.due_at < %(end)s GROUP BY o.project_id",
        "f.on_time * 100 / f.due::numeric",
        counted="f.on_time",
        total="f.due",
        sources="f.ids",
    )


def _self_report() -> str:
    """The self-report's outcome (submitted or accepted on time, late, else missing) and its points."""
    return _part(
        Component.SELF_REPORT,
        "SELECT p.id AS project_id, s.id, CASE WHEN s.status IN (%(accepted)s, %(submitted)s)"
        f" THEN CASE WHEN s.late THEN 'late' ELSE 'on_time' END ELSE 'missing' END AS outcome FROM p {SELF_REPORT}",
        "CASE f.outcome WHEN 'on_time' THEN %(on_time_points)s WHEN 'late' THEN %(late_points)s"
        " ELSE %(missing_points)s END",
        outcome="f.outcome",
        sources="ARRAY[f.id]",
    )


COMPONENTS = (_inspection, _self_assessed, _complaints, _handling, _satisfaction, _street, _rectification, _self_report)
