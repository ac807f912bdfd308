"""Every complaint measure, defined once: what counts as received, accepted, on time, substantiated,
satisfied … as SQL conditions over one complaint, used by the statistics roll-up
(:mod:`dashboards.rollup`), the quarterly scores (:mod:`ratings.scoring`), the bulletin and
league table (through the roll-up's tables) and the benchmarks' baselines.

A condition reads the complaint as ``c`` and its stages, aggregated by :func:`stages_join`, as
``t``. Each measure is a per-complaint yes/no; a consumer chooses the cohort (complaints received
in a month, in a quarter, rated in a quarter …) and counts the complaints meeting it.

**On time** is judged from recorded facts only (:class:`complaints.models.StageRecord`): each
stage's deadline was recorded when it began, with the policy and working calendar then in force.

- A stage is *late* when it ended after its deadline, or is still running and the moment of
  judgement (``as_of``: now for the statistics, the computation for a score) is past it.
- A stage *counts* when its party completed it, or when it is late. A stage superseded before its
  deadline (re-assigned before anyone had to sign) does not count: nobody could be late in it.
- A stage without a deadline (no policy for its stage and urgency) never counts.
- A complaint is *timed* when at least one of its stages counts, and *on time* when it is timed
  and none of its stages is late. The enterprise is judged on its own stages only (sign and
  answer while the work order was assigned to it), the bureau on acceptance.

The flag the overdue sweep sets is a reminder to officers, not a measure.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Feedback, Party, Stage, Status
from .models import StageRecord

STAGES = StageRecord._meta.db_table

# One stage ``s``, judged at ``{as_of}`` (an SQL expression: now(), or a parameter).
STAGE_LATE = "coalesce(s.ended_at, {as_of}) > s.due_at"
STAGE_COUNTS = f"(s.due_at IS NOT NULL AND (s.completed OR {STAGE_LATE}))"


def stages_join(as_of: str = "now()") -> str:
    """A LATERAL join giving, for the complaint ``c``, ``t.timed`` / ``t.late`` (any stage),
    ``t.enterprise_timed`` / ``t.enterprise_late`` (stages an enterprise answered for) and
    ``t.accept_timed`` / ``t.accept_late`` (the bureau's acceptance), judged at ``as_of``.
    Read per complaint through the index ``stage_record_complaint``."""
    late, counts = STAGE_LATE.format(as_of=as_of), STAGE_COUNTS.format(as_of=as_of)
    enterprise, accept = f"s.party = '{Party.ENTERPRISE.value}'", f"s.stage = '{Stage.ACCEPT.value}'"
    return (
        f"LEFT JOIN LATERAL (SELECT bool_or({counts}) AS timed, bool_or({late}) AS late, "
        f"bool_or({counts}) FILTER (WHERE {enterprise}) AS enterprise_timed, "
        f"bool_or({late}) FILTER (WHERE {enterprise}) AS enterprise_late, "
        f"bool_or({counts}) FILTER (WHERE {accept}) AS accept_timed, "
        f"bool_or({late}) FILTER (WHERE {accept}) AS accept_late "
        f"FROM {STAGES} s WHERE s.complaint_id = c.id) t ON true"
    )


@dataclass(frozen=True)
class Measure:
    """A per-complaint yes/no: ``condition`` is SQL over ``c`` (and ``t``, see :func:`stages_join`);
    ``q`` the same condition for the ORM (None for the stage measures, which need the join)."""

    key: str
    label: str
    definition: str
    condition: str
    needs_stages: bool = False
    q: Q | None = None

    def count_sql(self, extra: str = "") -> str:
        """``count(*) FILTER (WHERE …)``: the complaints of the group meeting the measure (and
        ``extra``, a cohort condition)."""
        condition = " AND ".join(part for part in (self.condition, extra) if part)
        return f"count(*) FILTER (WHERE {condition})" if condition else "count(*)"


def _measures(*items: Measure) -> dict[str, Measure]:
    return {m.key: m for m in items}


MEASURES = _measures(
    Measure("received", _("收到"), _("登记的投诉，各渠道，含不予受理和合并的。"), "", q=Q()),
    Measure(
        "accepted",
        _("受理"),
        _("已受理（受理时间已记录）的投诉。"),
        "c.accepted_at IS NOT NULL",
        q=Q(accepted_at__isnull=False),
    ),
    Measure(
        "answered",
        _("已答复"),
        _("承办单位已答复过的投诉。"),
        "c.answered_at IS NOT NULL",
        q=Q(answered_at__isnull=False),
    ),
    Measure(
        "closed",
        _("已办结"),
        _("当前状态为已办结的投诉。"),
        f"c.status = '{Status.CLOSED.value}'",
        q=Q(status=Status.CLOSED),
    ),
    Measure(
        "timed",
        _("应计时限"),
        _("至少有一个环节计入时限考核的投诉：该环节已由责任方完成，或已超过截止时间。"),
        "coalesce(t.timed, false)",
        needs_stages=True,
    ),
    Measure(
        "on_time",
        _("按时办理"),
        _("应计时限且没有任何环节超时的投诉：每个环节都在开始时记录的截止时间之前完成。"),
        "coalesce(t.timed AND NOT t.late, false)",
        needs_stages=True,
    ),
    Measure(
        "enterprise_timed",
        _("企业应计时限"),
        _("物业企业负责的环节（签收、答复）中至少有一个计入时限考核的投诉。"),
        "coalesce(t.enterprise_timed, false)",
        needs_stages=True,
    ),
    Measure(
        "enterprise_on_time",
        _("企业按时办理"),
        _("企业应计时限且企业负责的环节都没有超时的投诉。"),
        "coalesce(t.enterprise_timed AND NOT t.enterprise_late, false)",
        needs_stages=True,
    ),
    Measure(
        "accept_timed",
        _("受理应计时限"),
        _("受理环节（住建部门负责）计入时限考核的投诉。"),
        "coalesce(t.accept_timed, false)",
        needs_stages=True,
    ),
    Measure(
        "accept_on_time",
        _("按时受理"),
        _("受理环节在截止时间之前完成的投诉。"),
        "coalesce(t.accept_timed AND NOT t.accept_late, false)",
        needs_stages=True,
    ),
    Measure("rated", _("已评价"), _("居民已评价的投诉。"), "c.feedback <> ''", q=~Q(feedback="")),
    Measure(
        "satisfied",
        _("满意"),
        _("居民评价为满意。"),
        f"c.feedback = '{Feedback.SATISFIED.value}'",
        q=Q(feedback=Feedback.SATISFIED),
    ),
    Measure(
        "basically_satisfied",
        _("基本满意"),
        _("居民评价为基本满意。"),
        f"c.feedback = '{Feedback.BASICALLY_SATISFIED.value}'",
        q=Q(feedback=Feedback.BASICALLY_SATISFIED),
    ),
    Measure(
        "dissatisfied",
        _("不满意"),
        _("居民评价为不满意。"),
        f"c.feedback = '{Feedback.UNSATISFIED.value}'",
        q=Q(feedback=Feedback.UNSATISFIED),
    ),
    Measure(
        "decided",
        _("已认定"),
        _("已认定属实或不属实的投诉。"),
        "c.substantiated IS NOT NULL",
        q=Q(substantiated__isnull=False),
    ),
    Measure(
        "substantiated",
        _("属实"),
        _("认定属实的投诉；合并到另一件的重复件不另计（随主件计一次）。"),
        "c.substantiated AND c.merged_into_id IS NULL",
        q=Q(substantiated=True, merged_into__isnull=True),
    ),
    Measure(
        "repeat",
        _("重复投诉"),
        _("作为重复件合并到另一件投诉的投诉。"),
        "c.merged_into_id IS NOT NULL",
        q=Q(merged_into__isnull=False),
    ),
)
