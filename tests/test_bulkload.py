import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from core.bulkload import without_indexes

TABLES = ["complaints_complaint", "complaints_complaintevent"]


def schema(tables=TABLES):
    """Every index and constraint definition of the tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s)
               UNION ALL
               SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
               WHERE conrelid = ANY(%s::regclass[])""",
            [tables, tables],
        )
        return sorted(row[0] for row in cursor.fetchall())


def index_names(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_inside_the_block_only_the_key_and_unique_indexes_remain_and_all_come_back():
    before = schema()
    assert "complaint_search_bigrams" in index_names("complaints_complaint")
    with transaction.atomic(), without_indexes(*TABLES):
        inside = index_names("complaints_complaint")
        assert "complaint_search_bigrams" not in inside
        assert "complaint_region_created" not in inside
        assert {"complaints_complaint_pkey", "complaint_tracking_code_unique"} <= inside
        assert index_names("complaints_complaintevent") == {"complaints_complaintevent_pkey"}
    assert schema() == before


@pytest.mark.django_db
def test_a_loaded_row_pointing_nowhere_fails_the_rebuild_and_the_schema_is_untouched():
    before = schema()
    with pytest.raises(IntegrityError), transaction.atomic(), without_indexes(*TABLES), connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO complaints_complaintevent (complaint_id, type, actor_label, from_status, to_status,
                   note, public_note, created, params)
               VALUES (%s, 'submitted', '居民', '', 'submitted', '', '', now(), '{}')""",
            [2**62],
        )
    assert schema() == before


def test_outside_a_transaction_it_refuses(transactional_db):
    with pytest.raises(RuntimeError), without_indexes(*TABLES):
        pass


@pytest.mark.django_db
def test_seeding_complaints_leaves_every_index_and_foreign_key_in_place():
    before = schema()
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    assert schema() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM complaints_complaint")
        assert cursor.fetchone()[0] > 0
