"""The quarterly score of a project (量化考核), as a rule: what each component is, how the
weights combine, and how the result is explained.

**Components.** Each component is one short SELECT grouped per project (:mod:`ratings.components`),
over the stored facts of the quarter for the managed projects of a partition (a city or a
district: ``jobs.partition_codes``); the complaint-based ones count the measures of
:mod:`complaints.measures`, the on-time ones judged at the run's start (``ScoringRun.started``,
recorded, so the figures can be reproduced). A component without data for a project has no row:
its weight goes to the others. Every value is rounded half up to 0.01.

**Total (one rounding rule, ``ScoreRule.LINES``).** A line's points are
value × weight ÷ Σ weights of the project's present components, rounded half up to 0.01; the
score is the sum of the lines' points (exact), rounded half up to 0.1. The page prints each line's
points, their sum and the score, so every figure can be checked with a calculator. Scores
published before this rule (``ScoreRule.MEAN``: the weighted mean rounded half up to 0.1) keep
their numbers; their page says which rule made them.

``write`` stores a partition's scores and their lines (``ProjectScoreComponent``, typed columns)
in one INSERT … SELECT composed of the component statements; ``compute`` returns the same as
unsaved rows. ``explain`` renders the lines in Python from the stored row, never recomputing.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.quarters import Quarter
from inspections.choices import InspectionStatus, OrderStatus, ReportStatus

from .choices import COMPONENT_DEFINITIONS, Component, ScoreRule
from .components import COMPONENTS, INPUTS
from .models import ProjectScore, ProjectScoreComponent, Scheme

ONE_PLACE, TWO_PLACES = Decimal("0.1"), Decimal("0.01")
SCORES, PARTS = ProjectScore._meta.db_table, ProjectScoreComponent._meta.db_table

# --- the statement -----------------------------------------------------------------------------
# The partition's managed projects, region by region through the index on region_id (OFFSET 0
# keeps the planner from turning this into a scan of every project of the province).
PROJECTS = """p AS MATERIALIZED (
    SELECT pr.id, pr.enterprise_id, pr.households, pr.project_type, r.path
    FROM regions_region r
    CROSS JOIN LATERAL (SELECT * FROM projects_project pr WHERE pr.region_id = r.id OFFSET 0) pr
    WHERE r.path LIKE %(prefix)s AND pr.enterprise_id IS NOT NULL
)"""

# The rule of the module docstring: a line's points from its value and weights, the score from
# the lines. Non-negative numerics: round() is half up; the division is exact to 16+ digits.
LINES = """weighed AS (
    SELECT parts.*, w.weight, sum(w.weight) OVER (PARTITION BY parts.project_id) AS present
    FROM parts JOIN (VALUES {weights}) AS w(key, weight) ON w.key = parts.key
),
lines AS (
    SELECT weighed.*,
           CASE WHEN present > 0 THEN round(weight * 100 / present, 6) ELSE 0 END AS effective_weight,
           CASE WHEN present > 0 THEN round(value * weight / present, 2) ELSE 0 END AS points
    FROM weighed
),
totals AS (SELECT project_id, round(sum(points), 1) AS score FROM lines GROUP BY project_id)"""

LINE_COLUMNS = ("key", "value", "weight", "effective_weight", "points", *INPUTS)


def _statement(scheme: Scheme, quarter: Quarter, partition: str, as_of: dt.datetime) -> tuple[str, dict]:
    """The CTEs ``p`` (projects), ``parts`` (one row per present component), ``lines`` (with
    their weights and points) and ``totals`` (the score per project), and their parameters."""
    params = scheme.params
    start, end = quarter.bounds()
    points = {outcome: Decimal(str(value)) for outcome, value in params["self_report_points"].items()}
    weights = ", ".join(f"('{key}', %(w_{key})s::numeric)" for key in Component.values)
    values = {
        "prefix": partition.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
        "start": start,
        "end": end,
        "year": quarter.year,
        "quarter": quarter.number,
        "as_of": as_of,
        "countersigned": InspectionStatus.COUNTERSIGNED,
        "closed": OrderStatus.CLOSED,
        "accepted": ReportStatus.ACCEPTED,
        "submitted": ReportStatus.SUBMITTED,
        "self_factor": _number(params["self_report_factor"]),
        "penalty": _number(params["complaint_penalty"]),
        "basic_factor": _number(params["basically_satisfied_factor"]),
        **{f"{outcome}_points": points[outcome] for outcome in ("on_time", "late", "missing")},
        **{f"w_{key}": _number(params["weights"][key]) for key in Component.values},
    }
    parts = "\n  UNION ALL\n".join(component() for component in COMPONENTS)
    sql = f"WITH {PROJECTS},\nparts AS MATERIALIZED (\n{parts}\n),\n{LINES.format(weights=weights)}"
    return sql, values


def _number(value) -> Decimal:
    return Decimal(str(value))


def compute(
    scheme: Scheme, quarter: Quarter, partition: str, *, run=None, as_of: dt.datetime | None = None
) -> list[ProjectScore]:
    """The scores of the managed projects under the region path ``partition`` for ``quarter``
    (unsaved rows, each with its unsaved lines as ``lines``), on time judged at ``as_of``."""
    sql, params = _statement(scheme, quarter, partition, as_of or timezone.now())
    columns = ", ".join(f"l.{name}" for name in LINE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{sql} SELECT p.id, p.enterprise_id, p.path, p.households, coalesce(t.score, 0), {columns}"
            " FROM p LEFT JOIN totals t ON t.project_id = p.id LEFT JOIN lines l ON l.project_id = p.id"
            " ORDER BY p.id",
            params,
        )
        found = cursor.fetchall()
    scores: dict[int, ProjectScore] = {}
    for project_id, enterprise_id, path, households, score, *line in found:
        if project_id not in scores:
            scores[project_id] = ProjectScore(
                run=run,
                partition=partition_code(partition),
                project_id=project_id,
                enterprise_id=enterprise_id,
                region_path=path,
                households=households,
                score=score,
                rule=ScoreRule.LINES,
            )
            scores[project_id].lines = []
        if line[0] is not None:
            scores[project_id].lines.append(ProjectScoreComponent(**dict(zip(LINE_COLUMNS, line, strict=True))))
    return list(scores.values())


def write(run, scheme: Scheme, quarter: Quarter, partition: str) -> int:
    """Replace the scores of ``partition`` for ``run`` (and the row of a project that moved here
    from another partition) with new ones and their lines, on time judged at the run's start;
    returns the number of scores written. The caller holds the transaction."""
    sql, params = _statement(scheme, quarter, partition, run.started)
    params.update(run=run.pk, code=partition_code(partition))
    columns = ", ".join(LINE_COLUMNS)
    with connection.cursor() as cursor:
        # the lines first (their key to the score is checked at commit), then the scores
        cursor.execute(
            f"WITH {PROJECTS}, old AS (SELECT id FROM {SCORES} WHERE run_id = %(run)s"
            " AND (partition = %(code)s OR project_id IN (SELECT id FROM p))),"
            f" gone AS (DELETE FROM {PARTS} WHERE score_id IN (SELECT id FROM old))"
            f" DELETE FROM {SCORES} WHERE id IN (SELECT id FROM old)",
            params,
        )
        cursor.execute(
            f"""{sql},
            scored AS (
                INSERT INTO {SCORES}
                    (run_id, partition, project_id, enterprise_id, region_path, households, score, rule)
                SELECT %(run)s, %(code)s, p.id, p.enterprise_id, p.path, p.households, coalesce(t.score, 0),
                       '{ScoreRule.LINES.value}'
                FROM p LEFT JOIN totals t ON t.project_id = p.id
                RETURNING id, project_id
            ),
            lined AS (
                INSERT INTO {PARTS} (score_id, {columns})
                SELECT s.id, {", ".join(f"l.{name}" for name in LINE_COLUMNS)}
                FROM lines l JOIN scored s ON s.project_id = l.project_id
            )
            SELECT count(*) FROM scored""",
            params,
        )
        return cursor.fetchone()[0]


def partition_code(partition: str) -> str:
    """The partition's region code: the last step of its path."""
    return partition.rstrip("/").rsplit("/", 1)[-1]


# --- the explanation ---------------------------------------------------------------------------
def explain(score: ProjectScore, parts=None) -> list[dict]:
    """One line per component present, in the scheme's order, rendered from the stored row: what
    was counted (every input with the precision the line uses), the value, the weight as the
    scheme's weight over the sum of the present ones, and the points it contributed."""
    parts = sorted(score.parts.all() if parts is None else parts, key=lambda part: Component.values.index(part.key))
    present = sum((part.weight for part in parts), Decimal(0))
    lines = []
    for part in parts:
        lines.append(
            {
                "key": part.key,
                "label": str(Component(part.key).label),
                "definition": str(COMPONENT_DEFINITIONS[part.key]),
                "facts": _facts(part, score),
                "value": _text(part.value),
                "weight": float(part.effective_weight.quantize(TWO_PLACES, ROUND_HALF_UP)),
                "scheme_weight": _text(part.weight),
                "present_weight": _text(present),
                "points": _text(part.points),
                "inputs": _inputs(part),
                "links": _links(part),
            }
        )
    return lines


def total(score: ProjectScore, lines: list[dict]) -> dict:
    """The footer of an explanation: the lines' points added up, and how the score follows."""
    points = sum((Decimal(line["points"]) for line in lines), Decimal(0))
    footer = {
        "sum": _text(points),
        "score": _text(score.score),
        "rule": score.rule,
        "rule_label": str(ScoreRule(score.rule).label),
    }
    if score.rule == ScoreRule.MEAN and lines:
        weighted = sum((Decimal(line["value"]) * Decimal(line["scheme_weight"]) for line in lines), Decimal(0))
        present = Decimal(lines[0]["present_weight"])
        footer["mean"] = _text((weighted / present).quantize(Decimal("0.0001"), ROUND_HALF_UP)) if present else "0"
    return footer


def left_out(score: ProjectScore, parts=None) -> list[str]:
    """The components without data this quarter (their weight went to the others)."""
    present = {part.key for part in (score.parts.all() if parts is None else parts)}
    return [str(Component(key).label) for key in Component.values if key not in present]


def _text(number: Decimal) -> str:
    """A stored number as printed: its stored places, without trailing zeros after the point."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _inputs(part: ProjectScoreComponent) -> dict:
    """The line's inputs under the names the API has always given them."""
    n = {
        name: None if getattr(part, name) is None else _text(getattr(part, name))
        for name in ("counted", "total", "factor")
    }
    ids = list(part.sources)
    match part.key:
        case Component.INSPECTION if part.self_assessed:
            return {
                "self_assessed": True,
                "self_score": n["counted"],
                "total": n["total"],
                "factor": n["factor"],
                "self_report": ids[0] if ids else None,
            }
        case Component.INSPECTION:
            return {"score": n["counted"], "total": n["total"], "inspections": ids}
        case Component.COMPLAINTS:
            return {"count": n["counted"], "households": part.households, "penalty": n["factor"], "complaints": ids}
        case Component.HANDLING:
            return {"total": n["total"], "on_time": n["counted"], "late_complaints": ids}
        case Component.SATISFACTION:
            return {"rated": n["total"], "satisfied": n["counted"], "basic": part.partial, "factor": n["factor"]}
        case Component.STREET:
            return {"evaluation": ids[0] if ids else None}
        case Component.RECTIFICATION:
            return {"total": n["total"], "on_time": n["counted"], "orders": ids}
        case _:
            return {"outcome": part.outcome, "self_report": ids[0] if ids else None}


def _links(part: ProjectScoreComponent) -> list[tuple[str, str, int]]:
    """(url name, label, id) of the facts a line counted."""
    kinds = {
        Component.INSPECTION: ("inspections:report_detail", _("自查自评"))
        if part.self_assessed
        else ("inspections:inspection_detail", _("检查")),
        Component.COMPLAINTS: ("complaints:detail", _("投诉")),
        Component.HANDLING: ("complaints:detail", _("超时投诉")),
        Component.RECTIFICATION: ("inspections:order_detail", _("整改单")),
        Component.SELF_REPORT: ("inspections:report_detail", _("自查自评")),
    }
    if part.key not in kinds:
        return []
    url, label = kinds[part.key]
    return [(url, label, pk) for pk in part.sources]


def _facts(part: ProjectScoreComponent, score: ProjectScore) -> str:
    """What the line counted and the formula of its value, every number as stored."""
    n = {
        name: None if getattr(part, name) is None else _text(getattr(part, name))
        for name in ("counted", "total", "factor")
    }
    legacy = score.rule == ScoreRule.MEAN
    match part.key:
        case Component.INSPECTION if part.self_assessed:
            return _("本季度无检查，按自评：%(s)s ÷ %(t)s × 100 × %(f)s（折算系数）") % {
                "s": n["counted"],
                "t": n["total"],
                "f": n["factor"],
            }
        case Component.INSPECTION:
            return _("检查得分 %(s)s ÷ 应得分 %(t)s × 100") % {"s": n["counted"], "t": n["total"]}
        case Component.COMPLAINTS:
            return _("属实投诉 %(n)s 件，%(h)s 户：100 − %(f)s × %(n)s × 100 ÷ %(h)s（每百户一件扣 %(f)s 分）") % {
                "n": n["counted"],
                "h": part.households,
                "f": n["factor"],
            }
        case Component.HANDLING if legacy:
            return _("按时答复 %(o)s ÷ %(t)s 件 × 100（原口径：答复前未被标记超时）") % {
                "o": n["counted"],
                "t": n["total"],
            }
        case Component.HANDLING:
            as_of = date_format(timezone.localtime(score.run.started), "Y-m-d H:i") if score.run_id else ""
            return _(
                "企业按时办理 %(o)s ÷ %(t)s 件 × 100：本季度收到的投诉中，按企业自己的环节（签收、答复）"
                "对照各环节开始时记录的截止时间判断，截至 %(as_of)s"
            ) % {"o": n["counted"], "t": n["total"], "as_of": as_of}
        case Component.SATISFACTION:
            return _("（满意 %(s)s + %(f)s × 基本满意 %(b)s）÷ 评价 %(r)s 件 × 100") % {
                "s": n["counted"],
                "b": part.partial,
                "f": n["factor"],
                "r": n["total"],
            }
        case Component.STREET:
            return _("街道办事处评分")
        case Component.RECTIFICATION:
            return _("按期销号 %(o)s ÷ 到期 %(t)s 单 × 100") % {"o": n["counted"], "t": n["total"]}
        case _:
            outcome = {"on_time": _("按时提交"), "late": _("逾期提交"), "missing": _("退回或未提交")}
            return _("自查自评：%(outcome)s") % {"outcome": outcome.get(part.outcome, part.outcome)}
