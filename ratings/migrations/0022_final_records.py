"""Published records are final in the database (core/final.py): triggers refuse changing or
deleting a published scheme, run, star rating, list or selected honour, and any change to the
scores and list entries under a published run or list. Only a list's move from published to
superseded and a published star's current level (lowered by a later black list) may change."""

from django.db import migrations

# table, what a row is, status column, final states in order, columns that may still change
FINAL_ROWS = [
    ("ratings_scheme", "考核方案", "status", "published", []),
    ("ratings_scoringrun", "季度考核", "status", "published", []),
    ("ratings_listedition", "红黑榜", "status", "published,superseded", []),
    ("ratings_starrating", "星级评定", "status", "published", ["stars"]),
    ("ratings_honour", "评先树优", "status", "selected", []),
]

# table, what a row is, foreign key, parent table, when the parent is final
PUBLISHED_RUN = "parent.status = 'published'"
UNDER_FINAL = [
    ("ratings_projectscore", "项目季度得分", "run_id", "ratings_scoringrun", PUBLISHED_RUN),
    ("ratings_enterprisescore", "企业季度得分", "run_id", "ratings_scoringrun", PUBLISHED_RUN),
    (
        "ratings_projectscorecomponent", "项目得分分项", "score_id", "ratings_projectscore",
        "parent.run_id IN (SELECT id FROM ratings_scoringrun WHERE status = 'published')",
    ),
    ("ratings_listentry", "榜单条目", "edition_id", "ratings_listedition", "parent.status IN ('published', 'superseded')"),
]


def quoted(*values) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


def final_row_trigger(table, label, status, states, may_change):
    sql = (
        f"CREATE TRIGGER {table}_final BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW"
        f" EXECUTE FUNCTION portal_refuse_final_change({quoted(label, status, states, *may_change)})"
    )
    return migrations.RunSQL(sql, f"DROP TRIGGER {table}_final ON {table}")


def under_final_triggers(table, label, key, parent, condition):
    """One statement-level trigger per event: a trigger with transition tables has one event."""
    arguments = quoted(label, key, parent, condition)
    transitions = {
        "insert": "REFERENCING NEW TABLE AS new_rows",
        "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "REFERENCING OLD TABLE AS old_rows",
    }
    return [
        migrations.RunSQL(
            f"CREATE TRIGGER {table}_final_{event} AFTER {event.upper()} ON {table} {referencing}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION portal_refuse_change_under_final({arguments})",
            f"DROP TRIGGER {table}_final_{event} ON {table}",
        )
        for event, referencing in transitions.items()
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_final_record_functions"),
        ("ratings", "0021_two_officer_publication"),
    ]

    operations = [
        *[final_row_trigger(*row) for row in FINAL_ROWS],
        *[trigger for rows in UNDER_FINAL for trigger in under_final_triggers(*rows)],
    ]
