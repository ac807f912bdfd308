"""A complaint history generated inside PostgreSQL for the roll-up benchmark (bench/dashboard.py):
``INSERT … SELECT generate_series`` writes the complaints, their events and their stage records
as the workflow would have left them, without going through it (millions of rows in minutes).

The complaints go to the projects of the temporary table ``bench_projects`` (made by
``dashboard.measure_rollup``); Django is set up by the caller, hence the imports inside functions.
"""

from __future__ import annotations

NEW = 1_000  # complaints that arrive "today" before each timed roll-up run

# Where each generated complaint ended, by (g * 37) % 100 and its age in days (as the demo seed's
# histories: older ones closed, the last week's open at every stage, 5 % once overdue).
HISTORY_SQL = """
INSERT INTO complaints_complaint (tracking_code, channel, project_id, enterprise_id, region_id, region_path,
    category_id, description, urgency, complainant_name, complainant_phone, status, created, accepted_at,
    assigned_at, answered_at, closed_at, assignee_kind, assignee_enterprise_id, stage, is_overdue,
    escalation_level, answer, reject_reason, feedback, feedback_comment, feedback_at, substantiated, outcome)
SELECT %(prefix)s || g, (ARRAY['12345', '12345', '12345', 'portal', 'phone', 'walk_in'])[1 + g %% 6],
    p.id, p.enterprise_id, p.region_id, p.region_path, (%(categories)s::bigint[])[1 + g %% %(ncat)s],
    '楼道垃圾长期无人清运，气味很大', 'normal', '', '13800000000',
    CASE WHEN r < 4 THEN 'rejected' WHEN age < 2 AND r < 50 THEN 'assigned' WHEN age < 6 AND r < 50
         THEN 'in_progress' WHEN age < 8 AND r < 60 THEN 'answered' ELSE 'closed' END,
    t, CASE WHEN r >= 4 THEN t + interval '2 hours' END, CASE WHEN r >= 4 THEN t + interval '3 hours' END,
    CASE WHEN r >= 4 AND NOT (age < 6 AND r < 50) THEN t + interval '30 hours' END,
    CASE WHEN r < 4 THEN t + interval '3 hours' WHEN NOT (age < 8 AND r < 60) THEN t + interval '60 hours' END,
    CASE WHEN r >= 4 THEN 'enterprise' ELSE '' END, CASE WHEN r >= 4 THEN p.enterprise_id END, '', false, 0,
    '', '', CASE WHEN r < 4 OR (age < 8 AND r < 60) THEN '' WHEN r < 66 THEN 'satisfied' WHEN r < 88 THEN 'basic'
         ELSE 'unsatisfied' END, '',
    CASE WHEN r >= 4 AND NOT (age < 8 AND r < 60) THEN t + interval '60 hours' END,
    CASE WHEN r >= 4 AND NOT (age < 6 AND r < 50) THEN r %% 2 = 0 END,
    CASE WHEN r >= 4 AND NOT (age < 8 AND r < 60) THEN 'resolved' ELSE '' END
FROM generate_series(%(first)s::bigint, %(last)s::bigint) g
CROSS JOIN LATERAL (SELECT (g * 37) %% 100 AS r,
    %(start)s::timestamptz + (g - %(first)s) * (%(span)s::float / %(count)s) * interval '1 second' AS t) x
CROSS JOIN LATERAL (SELECT extract(day FROM %(today)s::timestamptz - x.t)::int AS age) a
JOIN bench_projects p ON p.n = 1 + (g * 7919) %% %(nproj)s
"""
EVENTS_SQL = """
INSERT INTO complaints_complaintevent (complaint_id, type, actor_label, from_status, to_status, note,
    public_note, created, params)
SELECT c.id, e.type, '', e.from_status, e.to_status, '', '', e.at, '{}'::jsonb
FROM complaints_complaint c CROSS JOIN LATERAL (VALUES
    ('submitted', '', 'submitted', c.created),
    ('accepted', 'submitted', 'accepted', c.accepted_at),
    ('rejected', 'submitted', 'rejected', CASE WHEN c.status = 'rejected' THEN c.closed_at END),
    ('assigned', 'accepted', 'assigned', c.assigned_at),
    ('overdue', '', '', CASE WHEN (c.id * 37) %% 100 BETWEEN 90 AND 94 THEN c.assigned_at + interval '1 day' END),
    ('answered', 'signed', 'answered', c.answered_at),
    ('feedback', 'answered', 'answered', c.feedback_at),
    ('closed', 'answered', 'closed', CASE WHEN c.status = 'closed' THEN c.closed_at END)
) AS e(type, from_status, to_status, at)
WHERE c.id > %(after)s AND e.at IS NOT NULL
"""

# Each complaint's stages as the workflow records them (acceptance until assigned, sign for 30
# minutes, answer until answered); 5 % of the complaints miss a deadline, as the overdue events.
STAGES_SQL = """
INSERT INTO complaints_stagerecord (complaint_id, stage, party, enterprise_id, started_at, working_hours, due_at,
    ended_at, completed)
SELECT c.id, s.stage, s.party, s.enterprise_id, s.started, s.hours,
    s.started + CASE WHEN (c.id * 37) %% 100 BETWEEN 90 AND 94 THEN interval '20 minutes'
                     ELSE s.hours * interval '3 hours' END,
    s.ended, s.ended IS NOT NULL
FROM complaints_complaint c
CROSS JOIN LATERAL (SELECT CASE WHEN c.status NOT IN ('submitted', 'rejected', 'assigned')
                                THEN c.assigned_at + interval '30 minutes' END AS signed,
                           CASE WHEN c.assignee_enterprise_id IS NULL THEN 'region' ELSE 'enterprise' END AS party) x
CROSS JOIN LATERAL (VALUES
    ('accept', 'bureau', NULL::bigint, c.created, 8, coalesce(c.assigned_at, CASE WHEN c.status = 'rejected'
                                                                                 THEN c.closed_at END)),
    ('sign', x.party, c.assignee_enterprise_id, c.assigned_at, 2, x.signed),
    ('answer', x.party, c.assignee_enterprise_id, x.signed, 24, c.answered_at)
) AS s(stage, party, enterprise_id, started, hours, ended)
WHERE c.id > %(after)s AND s.started IS NOT NULL
"""


def execute(sql: str, params=None) -> None:
    """Run one statement on the default connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def scalar(sql: str, params=None):
    """The first column of the first row of ``sql``."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def add_history(first: int, count: int, days_back: tuple[float, float] = (730, 0)) -> None:
    """Complaints ``first`` … ``first + count − 1`` of the history, spread evenly (ordered by id) over
    the days from ``days_back[0]`` to ``days_back[1]`` days before today, and their events."""
    import datetime as dt

    from django.utils import timezone

    from complaints.models import Category

    midnight = dt.datetime.combine(timezone.localdate(), dt.time.min, tzinfo=timezone.get_default_timezone())
    start, today = midnight - dt.timedelta(days=days_back[0]), midnight - dt.timedelta(days=days_back[1])
    categories = list(Category.objects.order_by("pk").values_list("pk", flat=True))
    nproj = scalar("SELECT count(*) FROM bench_projects")
    after = scalar("SELECT coalesce(max(id), 0) FROM complaints_complaint")
    execute(
        HISTORY_SQL,
        {
            "prefix": "H",
            "first": first,
            "last": first + count - 1,
            "count": count,
            "span": (today - start).total_seconds() - 1,
            "start": start,
            "today": today,
            "categories": categories,
            "ncat": len(categories),
            "nproj": nproj,
        },
    )
    execute(EVENTS_SQL, {"after": after})
    execute(STAGES_SQL, {"after": after})


def add_new(round_no: int) -> None:
    """``NEW`` complaints received today (up to now), each with its event."""
    import datetime as dt

    from django.utils import timezone

    from complaints.models import Category

    now = timezone.now()
    today = dt.datetime.combine(timezone.localdate(), dt.time.min, tzinfo=timezone.get_default_timezone())
    categories = list(Category.objects.order_by("pk").values_list("pk", flat=True))
    nproj = scalar("SELECT count(*) FROM bench_projects")
    after = scalar("SELECT coalesce(max(id), 0) FROM complaints_complaint")
    execute(
        HISTORY_SQL,
        {
            "prefix": f"N{round_no}-",
            "first": 1,
            "last": NEW,
            "count": NEW,
            "span": max((now - today).total_seconds() - 1, 1),
            "start": today,
            "today": today,
            "categories": categories,
            "ncat": len(categories),
            "nproj": nproj,
        },
    )
    # Received, not yet handled: status and timestamps as intake leaves them.
    execute(
        "UPDATE complaints_complaint SET status = 'submitted', accepted_at = NULL, assigned_at = NULL, "
        "answered_at = NULL, closed_at = NULL, assignee_kind = '', assignee_enterprise_id = NULL, feedback = '', "
        "feedback_at = NULL, substantiated = NULL, outcome = '', stage = 'accept' WHERE id > %s",
        [after],
    )
    execute(EVENTS_SQL, {"after": after})
    execute(STAGES_SQL, {"after": after})
