"""Owners' votes keep their records in the database (core/final.py):

- ballots, their choices and the posted results are never updated or deleted;
- a ballot is added only to a vote that is open, or closed and not yet counted (paper ballots
  received in time are entered after the close);
- a vote's roll is frozen from the opening;
- an announced vote is final, but for its move to archived.
"""

from django.db import migrations

# Rows that are final from the moment they are written.
REFUSE_ANY_CHANGE = r"""
CREATE OR REPLACE FUNCTION owners_refuse_any_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%（%，编号 %）一经记录，不能修改或删除。', TG_ARGV[0], TG_TABLE_NAME, OLD.id
        USING ERRCODE = 'restrict_violation', HINT = 'portal_final_record';
END
$$;
"""

ALWAYS_FINAL = [
    ("owners_ballot", "选票"),
    ("owners_ballotchoice", "表决意见"),
    ("owners_matterresult", "表决结果"),
]


def quoted(*values) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


def always_final(table, label):
    return migrations.RunSQL(
        f"CREATE TRIGGER {table}_final BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW"
        f" EXECUTE FUNCTION owners_refuse_any_change({quoted(label)})",
        f"DROP TRIGGER {table}_final ON {table}",
    )


def under_final(table, label, key, parent, condition, events):
    transitions = {
        "insert": "REFERENCING NEW TABLE AS new_rows",
        "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "REFERENCING OLD TABLE AS old_rows",
    }
    return [
        migrations.RunSQL(
            f"CREATE TRIGGER {table}_final_{event} AFTER {event.upper()} ON {table} {transitions[event]}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION"
            f" portal_refuse_change_under_final({quoted(label, key, parent, condition)})",
            f"DROP TRIGGER {table}_final_{event} ON {table}",
        )
        for event in events
    ]


VOTE_FINAL = (
    "CREATE TRIGGER owners_vote_final BEFORE UPDATE OR DELETE ON owners_vote FOR EACH ROW"
    " EXECUTE FUNCTION portal_refuse_final_change('业主大会表决', 'status', 'announced,archived', 'archived_at')"
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_final_record_functions"),
        ("owners", "0003_votes"),
    ]

    operations = [
        migrations.RunSQL(REFUSE_ANY_CHANGE, "DROP FUNCTION owners_refuse_any_change()"),
        *[always_final(*row) for row in ALWAYS_FINAL],
        *under_final(
            "owners_ballot", "选票", "vote_id", "owners_vote", "parent.status NOT IN ('open', 'closed')", ["insert"]
        ),
        *under_final(
            "owners_rollentry", "表决名册", "vote_id", "owners_vote",
            "parent.status NOT IN ('draft', 'noticed', 'roll_posted')", ["insert", "update", "delete"],
        ),
        migrations.RunSQL(VOTE_FINAL, "DROP TRIGGER owners_vote_final ON owners_vote"),
    ]
