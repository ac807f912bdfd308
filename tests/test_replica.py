"""The read replica: reports read from it, everything else and every write from the primary,
and a replica that does not answer falls back to the primary."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from core import replica
from core.replica import REPLICA, ReplicaRouter, using_replica
from projects.coverage import coverage_for_user
from projects.models import Project
from regions.models import Region

from .factories import RegionFactory


@pytest.fixture(scope="module", autouse=True)
def replica_alias():
    """A second connection to the test database plays the replica: it does not see what the
    test's open transaction wrote on the primary, as a lagging replica would not. Added for
    this module only (before the tests' database set-up, which must know the alias)."""
    connections.settings[REPLICA] = dict(connections["default"].settings_dict)
    yield connections.settings[REPLICA]
    _drop_connection()
    del connections.settings[REPLICA]


def _drop_connection():
    connections[REPLICA].close()
    del connections[REPLICA]


@pytest.fixture(autouse=True)
def _replica_healthy():
    replica._Health.down_until = 0.0
    yield
    replica._Health.down_until = 0.0


@pytest.fixture
def replica_db():
    return connections[REPLICA]


both = pytest.mark.django_db(databases=["default", REPLICA])


@both
def test_reads_use_the_primary_outside_a_report(replica_db, tree):
    assert Project.objects.all().db == "default"
    assert Project.objects.filter(pk=tree.project_a.pk).exists()


@both
def test_report_reads_go_to_the_replica(replica_db, tree):
    with using_replica(), CaptureQueriesContext(replica_db) as on_replica:
        assert Project.objects.all().db == REPLICA
        # The replica has not received the rows of the open transaction.
        assert not Project.objects.filter(pk=tree.project_a.pk).exists()
    assert len(on_replica.captured_queries) == 1


@both
def test_writes_inside_a_report_go_to_the_primary(replica_db, tree):
    with using_replica():
        region = RegionFactory.child(tree.city, 5, name="天桥区")
    assert region._state.db == "default"
    assert Region.objects.filter(pk=region.pk).exists()


@both
def test_the_coverage_statistics_read_from_the_replica(replica_db, users):
    with CaptureQueriesContext(replica_db) as on_replica:
        coverage_for_user(users.admin)
    assert on_replica.captured_queries


@pytest.fixture
def no_replica(replica_alias):
    saved = connections.settings.pop(REPLICA)
    yield
    connections.settings[REPLICA] = saved


@pytest.mark.django_db
def test_without_a_replica_reports_read_the_primary(no_replica, tree):
    with using_replica():
        assert Project.objects.all().db == "default"
        assert Project.objects.filter(pk=tree.project_a.pk).exists()


@pytest.fixture
def dead_replica(replica_alias):
    name = replica_alias["NAME"]
    _drop_connection()
    replica_alias["NAME"] = "no_such_replica_database"
    yield
    _drop_connection()
    replica_alias["NAME"] = name


# Transactional: the ordinary test case would open a transaction on the replica before the test.
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_a_replica_that_does_not_answer_falls_back_to_the_primary(tree, dead_replica, caplog):
    with using_replica():
        assert Project.objects.filter(pk=tree.project_a.pk).exists()
        assert Project.objects.all().db == "default"  # not tried again at once
    warnings = [r for r in caplog.records if r.name == "core.replica"]
    assert len(warnings) == 1 and "reading from the primary" in warnings[0].getMessage()


def test_migrations_run_only_on_the_primary():
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "complaints") is False
    assert router.allow_migrate("default", "complaints") is None
    assert router.db_for_write(Project) == "default"
