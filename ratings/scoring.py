"""The quarterly score of a project (量化考核), as a rule: what each component is, how the
weights combine, and how the result is explained.

The scores of one partition (a city or a district: ``jobs.partition_codes``) are ONE set-based
statement (``PARTITION_SQL``): it reads only stored facts of the quarter (countersigned
inspections, self-reports, complaints and their events, rectification orders, street
evaluations) for the managed projects under the partition's region path, aggregates each
component per project in PostgreSQL (with the ids of the counted facts, for the explanation's
links) and builds each project's ``components`` JSON and weighted score there. ``write`` inserts
them (INSERT … SELECT); ``compute`` returns them as unsaved ``ProjectScore`` rows. A component
without data for a project is left out and the other weights are rescaled. ``explain(score)``
turns the stored components into the lines a page shows, never recomputing anything.

Numbers are the same as the rule computed in Python (``combine``): values are rounded half up to
0.01, the effective weights come from Python (``_weight_table``), and the score is
Σ value × weight ÷ Σ weights rounded half up to 0.1; a score exactly halfway between two tenths
is recomputed with ``combine``, whose 28-digit arithmetic decides such a tie.
"""

from __future__ import annotations

import functools
import json
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils.translation import gettext as _

from complaints.choices import AssigneeKind, EventType, Feedback
from core.quarters import Quarter
from inspections.choices import InspectionStatus, OrderStatus, ReportStatus

from .choices import Component
from .models import ProjectScore, Scheme

ONE_PLACE = Decimal("0.1")


def compute(scheme: Scheme, quarter: Quarter, partition: str, *, run=None) -> list[ProjectScore]:
    """The scores of the managed projects under the region path ``partition`` for ``quarter``
    (unsaved rows)."""
    sql, params = _statement(scheme, quarter, partition)
    with connection.cursor() as cursor:
        cursor.execute(
            sql + " SELECT project_id, enterprise_id, region_path, households, score, components, tie FROM scored",
            params,
        )
        found = cursor.fetchall()
    code, weights = partition_code(partition), scheme.params["weights"]
    rows = []
    for project_id, enterprise_id, path, households, score, components, tie in found:
        components = _json(components)
        rows.append(
            ProjectScore(
                run=run, partition=code, project_id=project_id, enterprise_id=enterprise_id, region_path=path,
                households=households, score=combine(components, weights) if tie else score, components=components,
            )
        )  # fmt: skip
    return rows


def write(run, scheme: Scheme, quarter: Quarter, partition: str) -> int:
    """Insert the scores of ``partition`` for ``run`` in one INSERT … SELECT (the caller deletes
    the partition's old ones in the same transaction; the row of a project that moved here from
    another partition is taken over); returns the number of rows written."""
    sql, params = _statement(scheme, quarter, partition)
    params.update(run=run.pk, code=partition_code(partition))
    with connection.cursor() as cursor:
        cursor.execute(
            sql + """, written AS (
                INSERT INTO ratings_projectscore
                    (run_id, partition, project_id, enterprise_id, region_path, households, score, components)
                SELECT %(run)s, %(code)s, project_id, enterprise_id, region_path, households, score, components
                FROM scored
                -- a project re-zoned into this partition since another partition scored it
                ON CONFLICT (project_id, run_id) DO UPDATE SET
                    partition = EXCLUDED.partition, enterprise_id = EXCLUDED.enterprise_id,
                    region_path = EXCLUDED.region_path, households = EXCLUDED.households,
                    score = EXCLUDED.score, components = EXCLUDED.components
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM written),
                   (SELECT json_agg(json_build_array(project_id, components)) FROM scored WHERE tie)""",
            params,
        )
        written, ties = cursor.fetchone()
        ties = [(combine(_json(components), scheme.params["weights"]), run.pk, project_id)
                for project_id, components in _json(ties or "[]")]  # fmt: skip
        if ties:  # rare: the weighted mean is exactly halfway between two tenths
            cursor.executemany(
                "UPDATE ratings_projectscore SET score = %s WHERE run_id = %s AND project_id = %s", ties
            )
    return written


def partition_code(partition: str) -> str:
    """The partition's region code: the last step of its path."""
    return partition.rstrip("/").rsplit("/", 1)[-1]


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


def _json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


@functools.lru_cache(maxsize=16)
def _weight_table(weights_json: str) -> str:
    """{bit mask of the components present: {component: effective weight in %}} as JSON, exactly
    as ``combine`` writes them (bit i is ``Component.values[i]``); once per scheme's weights."""
    weights, keys = json.loads(weights_json), Component.values
    table = {}
    for mask in range(1, 1 << len(keys)):
        present = [key for i, key in enumerate(keys) if mask >> i & 1]
        total = sum(Decimal(str(weights[key])) for key in present)
        if total:
            table[str(mask)] = {key: float(Decimal(str(weights[key])) / total * 100) for key in present}
    return json.dumps(table)


def _number(value) -> Decimal:
    return Decimal(str(value))


def _statement(scheme: Scheme, quarter: Quarter, partition: str) -> tuple[str, dict]:
    params, weights = scheme.params, scheme.params["weights"]
    start, end = quarter.bounds()
    points = {outcome: float(value) for outcome, value in params["self_report_points"].items()}
    self_factor, satisfied_factor = _number(params["self_report_factor"]), _number(params["basically_satisfied_factor"])
    values = {
        "prefix": partition.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
        "start": start, "end": end, "year": quarter.year, "quarter": quarter.number,
        "countersigned": InspectionStatus.COUNTERSIGNED, "closed": OrderStatus.CLOSED,
        "accepted": ReportStatus.ACCEPTED, "submitted": ReportStatus.SUBMITTED,
        "enterprise": AssigneeKind.ENTERPRISE, "overdue": EventType.OVERDUE,
        "satisfied": Feedback.SATISFIED, "basic": Feedback.BASICALLY_SATISFIED,
        "self_factor": self_factor, "self_factor_json": json.dumps(float(self_factor)),
        "satisfied_factor": satisfied_factor, "satisfied_factor_json": json.dumps(float(satisfied_factor)),
        "penalty": _number(params["complaint_penalty"]),
        "points_json": json.dumps(points),
        "weights_json": _weight_table(json.dumps(weights, sort_keys=True, default=str)),
        **{f"w_{key}": _number(weights[key]) for key in Component.values},
    }  # fmt: skip
    return PARTITION_SQL, values


# --- the statement: one CTE per component, each grouped per project in PostgreSQL -------------
# Every value is rounded half up to 0.01 (non-negative numerics: round() is half up); numbers
# kept as floats in the JSON carry a decimal point (numeric with a scale), counts are integers.
# The components are written as JSON text and checked once (``::json``): each piece is a number
# (a numeric's or integer's text is JSON), an array of ids, a JSON parameter or a string through
# to_json (quoted and escaped); a NULL piece drops its key. Nested jsonb_build_object calls
# re-encoded every level and took a third of the statement's time.
PARTITION_SQL = """
WITH p AS MATERIALIZED (  -- the managed projects of the partition
    -- region by region through the index on region_id (OFFSET 0 keeps the planner from turning
    -- this into a scan of every project of the province, one per partition)
    SELECT pr.id, pr.enterprise_id, pr.households, pr.project_type, r.path
    FROM projects_region r
    CROSS JOIN LATERAL (SELECT * FROM projects_project pr WHERE pr.region_id = r.id OFFSET 0) pr
    WHERE r.path LIKE %(prefix)s AND pr.enterprise_id IS NOT NULL
),
-- inspection: the quarter's countersigned inspections, score as a share of the applicable total
ins AS (
    SELECT i.project_id, sum(i.score) AS score, sum(i.total_points) AS total, array_agg(i.id ORDER BY i.id) AS ids
    FROM inspections_inspection i JOIN p ON p.id = i.project_id
    WHERE i.status = %(countersigned)s AND i.countersigned_at >= %(start)s AND i.countersigned_at < %(end)s
      AND i.total_points > 0
    GROUP BY i.project_id
),
-- the quarter's self-report (one per project): the self-report component, and the inspection
-- component when there was no inspection (accepted, self-scored, × the self-report factor)
sr AS (
    SELECT s.project_id, s.id, s.status, s.late, s.self_score, t.points AS total,
           CASE WHEN s.status IN (%(accepted)s, %(submitted)s) THEN CASE WHEN s.late THEN 'late' ELSE 'on_time' END
                ELSE 'missing' END AS outcome
    FROM p  -- project by project (OFFSET 0: not the whole province's self-reports of the quarter)
    CROSS JOIN LATERAL (SELECT * FROM inspections_selfreport s
                        WHERE s.project_id = p.id AND s.year = %(year)s AND s.quarter = %(quarter)s OFFSET 0) s
    LEFT JOIN inspections_standardtotal t ON t.standard_id = s.standard_id AND t.project_type = p.project_type
),
-- complaints, handling and satisfaction: one pass over the partition's complaints of the quarter
c AS (
    SELECT c.project_id,
           count(*) FILTER (WHERE c.created >= %(start)s AND c.created < %(end)s AND c.substantiated
                            AND c.merged_into_id IS NULL) AS substantiated,
           array_agg(c.id ORDER BY c.id) FILTER (WHERE c.created >= %(start)s AND c.created < %(end)s
                                                 AND c.substantiated AND c.merged_into_id IS NULL) AS substantiated_ids,
           count(*) FILTER (WHERE c.created >= %(start)s AND c.created < %(end)s
                            AND c.assignee_kind = %(enterprise)s AND c.merged_into_id IS NULL) AS assigned,
           count(*) FILTER (WHERE c.created >= %(start)s AND c.created < %(end)s
                            AND c.assignee_kind = %(enterprise)s AND c.merged_into_id IS NULL
                            AND c.answered_at IS NOT NULL
                            AND NOT EXISTS (SELECT 1 FROM complaints_complaintevent e
                                            WHERE e.complaint_id = c.id AND e.type = %(overdue)s)) AS answered,
           count(*) FILTER (WHERE c.feedback_at >= %(start)s AND c.feedback_at < %(end)s
                            AND c.feedback <> '') AS rated,
           count(*) FILTER (WHERE c.feedback_at >= %(start)s AND c.feedback_at < %(end)s
                            AND c.feedback = %(satisfied)s) AS satisfied,
           count(*) FILTER (WHERE c.feedback_at >= %(start)s AND c.feedback_at < %(end)s
                            AND c.feedback = %(basic)s) AS basic
    FROM complaints_complaint c JOIN p ON p.id = c.project_id
    WHERE c.region_path LIKE %(prefix)s
      AND ((c.created >= %(start)s AND c.created < %(end)s)
           OR (c.feedback_at >= %(start)s AND c.feedback_at < %(end)s))
    GROUP BY c.project_id
),
-- rectification: the orders due in the quarter, closed by their deadline
o AS (
    SELECT o.project_id, count(*) AS total,
           count(*) FILTER (WHERE o.status = %(closed)s AND o.closed_at <= o.due_at) AS on_time,
           array_agg(o.id ORDER BY o.id) AS ids
    FROM inspections_rectificationorder o JOIN p ON p.id = o.project_id
    WHERE o.due_at >= %(start)s AND o.due_at < %(end)s
    GROUP BY o.project_id
),
-- street: the street office's evaluation of the quarter (one per project)
st AS (
    SELECT e.project_id, e.id, e.score
    FROM ratings_streetevaluation e JOIN p ON p.id = e.project_id
    WHERE e.year = %(year)s AND e.quarter = %(quarter)s
),
valued AS MATERIALIZED (  -- each component's value (NULL: no data) and its inputs as JSON text
    SELECT p.id AS project_id, p.enterprise_id, p.path AS region_path, p.households,
        CASE WHEN ins.project_id IS NOT NULL THEN round(ins.score / ins.total * 100, 2)
             WHEN sr.status = %(accepted)s AND sr.self_score IS NOT NULL AND sr.total <> 0
             THEN round(sr.self_score / sr.total * 100 * %(self_factor)s, 2) END AS v_inspection,
        CASE WHEN ins.project_id IS NOT NULL
             THEN '{"score":' || ins.score || ',"total":' || ins.total
                  || ',"inspections":[' || array_to_string(ins.ids, ',') || ']}'
             ELSE '{"self_assessed":true,"factor":' || %(self_factor_json)s
                  || coalesce(',"self_score":' || sr.self_score, '') || coalesce(',"total":' || sr.total, '')
                  || coalesce(',"self_report":' || sr.id, '') || '}' END AS i_inspection,
        CASE WHEN p.households > 0
             THEN round(greatest(0, 100 - %(penalty)s * (coalesce(c.substantiated, 0) * 100.0 / p.households)), 2)
             END AS v_complaints,
        '{"count":' || coalesce(c.substantiated, 0) || ',"households":' || p.households
        || coalesce(',"per_100":' || round(coalesce(c.substantiated, 0) * 100.0 / nullif(p.households, 0), 2), '')
        || CASE WHEN c.substantiated > 0
                THEN ',"complaints":[' || array_to_string(c.substantiated_ids, ',') || ']' ELSE '' END
        || '}' AS i_complaints,
        CASE WHEN c.assigned > 0 THEN round(c.answered * 100.0 / c.assigned, 2) END AS v_handling,
        '{"total":' || c.assigned || ',"on_time":' || c.answered || '}' AS i_handling,
        CASE WHEN c.rated > 0 THEN round((c.satisfied + %(satisfied_factor)s * c.basic) * 100 / c.rated, 2)
             END AS v_satisfaction,
        '{"rated":' || c.rated || ',"satisfied":' || c.satisfied || ',"basic":' || c.basic
        || ',"factor":' || %(satisfied_factor_json)s || '}' AS i_satisfaction,
        st.score AS v_street,
        '{"evaluation":' || st.id || '}' AS i_street,
        CASE WHEN o.total > 0 THEN round(o.on_time * 100.0 / o.total, 2) END AS v_rectification,
        '{"total":' || o.total || ',"on_time":' || o.on_time
        || ',"orders":[' || array_to_string(o.ids, ',') || ']}' AS i_rectification,
        (%(points_json)s::jsonb ->> sr.outcome)::numeric AS v_self_report,
        '{"outcome":' || to_json(sr.outcome) || coalesce(',"status":' || to_json(sr.status), '')
        || coalesce(',"self_report":' || sr.id, '') || '}' AS i_self_report
    FROM p
    LEFT JOIN ins ON ins.project_id = p.id LEFT JOIN sr ON sr.project_id = p.id LEFT JOIN c ON c.project_id = p.id
    LEFT JOIN o ON o.project_id = p.id LEFT JOIN st ON st.project_id = p.id
),
weighed AS (
    SELECT valued.*,
        (v_inspection IS NOT NULL)::int + 2 * (v_complaints IS NOT NULL)::int + 4 * (v_handling IS NOT NULL)::int
        + 8 * (v_satisfaction IS NOT NULL)::int + 16 * (v_street IS NOT NULL)::int
        + 32 * (v_rectification IS NOT NULL)::int + 64 * (v_self_report IS NOT NULL)::int AS mask,
        coalesce(v_inspection * %(w_inspection)s, 0) + coalesce(v_complaints * %(w_complaints)s, 0)
        + coalesce(v_handling * %(w_handling)s, 0) + coalesce(v_satisfaction * %(w_satisfaction)s, 0)
        + coalesce(v_street * %(w_street)s, 0) + coalesce(v_rectification * %(w_rectification)s, 0)
        + coalesce(v_self_report * %(w_self_report)s, 0) AS num,
        CASE WHEN v_inspection IS NULL THEN 0 ELSE %(w_inspection)s END
        + CASE WHEN v_complaints IS NULL THEN 0 ELSE %(w_complaints)s END
        + CASE WHEN v_handling IS NULL THEN 0 ELSE %(w_handling)s END
        + CASE WHEN v_satisfaction IS NULL THEN 0 ELSE %(w_satisfaction)s END
        + CASE WHEN v_street IS NULL THEN 0 ELSE %(w_street)s END
        + CASE WHEN v_rectification IS NULL THEN 0 ELSE %(w_rectification)s END
        + CASE WHEN v_self_report IS NULL THEN 0 ELSE %(w_self_report)s END AS present
    FROM valued
),
scored AS (
    SELECT project_id, enterprise_id, region_path, households,
        CASE WHEN present = 0 THEN 0 ELSE round(num / present, 1) END AS score,
        present <> 0 AND mod(num * 20, present * 2) = present AS tie,
        -- an absent component (its value NULL) is a NULL piece, which concat_ws leaves out
        ('{' || concat_ws(',',
            '"inspection":{"value":' || v_inspection || ',"inputs":' || i_inspection
            || coalesce(',"weight":' || (w.weights ->> 'inspection'), '') || '}',
            '"complaints":{"value":' || v_complaints || ',"inputs":' || i_complaints
            || coalesce(',"weight":' || (w.weights ->> 'complaints'), '') || '}',
            '"handling":{"value":' || v_handling || ',"inputs":' || i_handling
            || coalesce(',"weight":' || (w.weights ->> 'handling'), '') || '}',
            '"satisfaction":{"value":' || v_satisfaction || ',"inputs":' || i_satisfaction
            || coalesce(',"weight":' || (w.weights ->> 'satisfaction'), '') || '}',
            '"street":{"value":' || v_street || ',"inputs":' || i_street
            || coalesce(',"weight":' || (w.weights ->> 'street'), '') || '}',
            '"rectification":{"value":' || v_rectification || ',"inputs":' || i_rectification
            || coalesce(',"weight":' || (w.weights ->> 'rectification'), '') || '}',
            '"self_report":{"value":' || v_self_report || ',"inputs":' || i_self_report
            || coalesce(',"weight":' || (w.weights ->> 'self_report'), '') || '}'
        ) || '}')::json AS components
    FROM weighed
    -- the effective weights of the components present (none when their weights add up to 0)
    LEFT JOIN (SELECT key::int AS mask, value AS weights FROM jsonb_each(%(weights_json)s::jsonb)) AS w
           ON w.mask = weighed.mask
)"""


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
