"""The two trigger functions that keep published records final in the database (core/final.py
explains the rule). Each app's migration attaches them to its tables with its own arguments."""

from django.db import migrations

# A row in a final state refuses DELETE, and UPDATE of any column but the status (which may only
# move forward through the final states: published → superseded) and the columns named as
# allowed. Columns added later are protected without changing the trigger.
#   TG_ARGV[0]  what the row is, in Chinese (the message names it)
#   TG_ARGV[1]  the status column
#   TG_ARGV[2]  the final states in their order, comma-separated ('published,superseded')
#   TG_ARGV[3…] the columns a final row may still change (a star's level after a black list)
REFUSE_FINAL_CHANGE = r"""
CREATE OR REPLACE FUNCTION portal_refuse_final_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    label text := TG_ARGV[0];
    status_column text := TG_ARGV[1];
    final_states text[] := string_to_array(TG_ARGV[2], ',');
    may_change text[] := coalesce(TG_ARGV[3:TG_NARGS - 1], '{}') || status_column;
    old_state text := to_jsonb(OLD) ->> status_column;
    new_state text;
BEGIN
    IF NOT (old_state = ANY (final_states)) THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        new_state := to_jsonb(NEW) ->> status_column;
        IF array_position(final_states, new_state) >= array_position(final_states, old_state)
           AND to_jsonb(NEW) - may_change = to_jsonb(OLD) - may_change THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '%（%，编号 %）已定稿，不能修改或删除。', label, TG_TABLE_NAME, OLD.id
        USING ERRCODE = 'restrict_violation', HINT = 'portal_final_record';
END
$$;
"""

# Rows that belong to a final parent (a published run's scores, a published list's entries):
# no INSERT, UPDATE or DELETE under it. A statement-level trigger over the transition tables:
# one join per statement, so the scoring job's bulk inserts into a draft run stay one statement.
#   TG_ARGV[0]  what the rows are, in Chinese
#   TG_ARGV[1]  the foreign key column to the parent
#   TG_ARGV[2]  the parent table
#   TG_ARGV[3]  when the parent is final: an SQL condition on the alias "parent"
# The trigger names its transition tables new_rows (INSERT, UPDATE) and old_rows (UPDATE, DELETE).
REFUSE_CHANGE_UNDER_FINAL = r"""
CREATE OR REPLACE FUNCTION portal_refuse_change_under_final() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    label text := TG_ARGV[0];
    -- each parent once: 420,000 lines of 60,000 scores are 60,000 look-ups, not 420,000
    lookup constant text := 'SELECT parent.id FROM (SELECT DISTINCT %3$I AS id FROM %1$I) AS changed'
                            ' JOIN %2$I AS parent ON parent.id = changed.id WHERE %4$s LIMIT 1';
    parent_id bigint;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format(lookup, 'new_rows', TG_ARGV[2], TG_ARGV[1], TG_ARGV[3]) INTO parent_id;
    END IF;
    IF parent_id IS NULL AND TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format(lookup, 'old_rows', TG_ARGV[2], TG_ARGV[1], TG_ARGV[3]) INTO parent_id;
    END IF;
    IF parent_id IS NOT NULL THEN
        RAISE EXCEPTION '%（%）所属的记录（%，编号 %）已定稿，不能增加、修改或删除。',
            label, TG_TABLE_NAME, TG_ARGV[2], parent_id
            USING ERRCODE = 'restrict_violation', HINT = 'portal_final_record';
    END IF;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0009_scoring_sweep_job")]

    operations = [
        migrations.RunSQL(REFUSE_FINAL_CHANGE, "DROP FUNCTION portal_refuse_final_change()"),
        migrations.RunSQL(REFUSE_CHANGE_UNDER_FINAL, "DROP FUNCTION portal_refuse_change_under_final()"),
    ]
