"""Moving the region tree to ``regions`` and the audit log to ``core`` keeps every row and key.

The migrations rename the tables in place (no copy): a region, a project keyed to it, a user of
it and an audit row written before the move are the same rows after it, read through the new
models, and the moved content types keep their ids (so the admin log still names them).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from core.models import AuditEvent
from projects.models import Project
from regions.models import Region

BEFORE_THE_MOVE = [
    ("projects", "0004_search_bigrams"),
    ("accounts", "0009_account_management_and_one_time_passwords"),
    ("core", "0010_final_record_functions"),
    ("complaints", "0017_backfill_stage_records"),
    ("dashboards", "0005_final_bulletins"),
    ("enterprises", "0006_change_request_attachments"),
    ("inspections", "0008_inspection_accounts_role"),
    ("ratings", "0022_final_records"),
]


def _migrate_back_before_the_move():
    executor = MigrationExecutor(connection)
    executor.migrate([*BEFORE_THE_MOVE, ("regions", None)])
    return executor.loader.project_state(BEFORE_THE_MOVE).apps


@pytest.mark.django_db(transaction=True)
def test_regions_and_audit_rows_survive_the_move_to_their_new_apps():
    old = _migrate_back_before_the_move()
    try:
        OldRegion = old.get_model("projects", "Region")  # noqa: N806
        OldEnterprise, OldProject = old.get_model("enterprises", "Enterprise"), old.get_model("projects", "Project")  # noqa: N806
        OldUser, OldAudit = old.get_model("accounts", "User"), old.get_model("accounts", "AuditEvent")  # noqa: N806
        OldContentType = old.get_model("contenttypes", "ContentType")  # noqa: N806
        region_type = OldContentType.objects.get_or_create(app_label="projects", model="region")[0]
        audit_type = OldContentType.objects.get_or_create(app_label="accounts", model="auditevent")[0]
        city = OldRegion.objects.create(code="379900", name="迁移市", level=1, path="379900/")
        street = OldRegion.objects.create(
            code="379901001", name="迁移街道", level=3, parent=city, path="379900/379901001/"
        )
        enterprise = OldEnterprise.objects.create(name="迁移物业", uscc="91370100MA3C5XYZ1K", region=city)
        project = OldProject.objects.create(
            code="MOVE-1", name="迁移小区", region=street, enterprise=enterprise, households=10, fee_standard=1
        )
        officer = OldUser.objects.create(username="mover", role="street", region=street)
        audit = OldAudit.objects.create(action="login", actor=officer, username="mover")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    moved = Region.objects.get(pk=street.pk)
    assert (moved.code, moved.path, moved.parent_id) == ("379901001", "379900/379901001/", city.pk)
    assert Project.objects.get(pk=project.pk).region == moved
    assert User.objects.get(pk=officer.pk).region == moved
    assert AuditEvent.objects.get(pk=audit.pk).actor_id == officer.pk
    assert ContentType.objects.get(pk=region_type.pk).model_class() is Region
    assert ContentType.objects.get(pk=audit_type.pk).model_class() is AuditEvent
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert {"regions_region", "core_auditevent"} <= tables
    assert not {"projects_region", "accounts_auditevent"} & tables
