"""``core.scoping.enterprise_or_region``: the rule most models share (an enterprise user sees its
own enterprise's rows, a region-scoped user its home region's subtree), for every role."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from accounts.choices import Role
from core.scoping import enterprise_or_region, own_enterprise
from projects.models import Project

from .factories import DepartmentFactory, ProjectFactory, UserFactory


@pytest.fixture
def people(tree, users):
    """Every role, district A's own where a role has a home region."""
    return SimpleNamespace(
        admin=users.admin,
        city=users.city,
        district=users.district_a,
        street=users.street_a,
        community=users.community_a,
        liaison=UserFactory(role=Role.DEPARTMENT_LIAISON, department=DepartmentFactory(region=tree.a), region=tree.a),
        inspector=UserFactory(role=Role.INSPECTOR, region=tree.a),
        enterprise=users.ent_a,
        # The database refuses these two (check constraints); the rule must still block them.
        enterprise_without=UserFactory.build(role=Role.ENTERPRISE_USER),
        officer_without_region=UserFactory.build(role=Role.DISTRICT_OFFICER),
        anonymous=AnonymousUser(),
    )


def region_q(user):
    return Q(region__path__startswith=user.region_path)


# (role, expected condition: a function of the user and tree, or None for "blocked")
CONDITIONS = [
    ("admin", None),  # not asked: visible_to lets administrators through first
    ("city", region_q),
    ("district", region_q),
    ("street", region_q),
    ("community", region_q),
    ("liaison", region_q),
    ("inspector", region_q),
    ("enterprise", lambda user: Q(enterprise_id=user.enterprise_id)),
    ("enterprise_without", None),
    ("officer_without_region", None),
    ("anonymous", None),
]


@pytest.mark.parametrize(("role", "expected"), CONDITIONS, ids=[role for role, _ in CONDITIONS])
def test_enterprise_or_region_condition(people, role, expected):
    user = getattr(people, role)
    condition = enterprise_or_region(user, "enterprise_id", "region__path")
    assert condition == (expected(user) if expected else None)


# Projects each role sees through a model whose rule is the helper (Project):
# project_a is in community a1a of district A (enterprise A), project_b in district B (enterprise B),
# project_c in district A run by enterprise B, project_d in district B run by enterprise A.
VISIBLE = {
    "admin": {"a", "b", "c", "d"},
    "city": {"a", "b", "c", "d"},
    "district": {"a", "c"},
    "street": {"a"},
    "community": {"a"},
    "liaison": {"a", "c"},
    "inspector": {"a", "c"},
    "enterprise": {"a", "d"},
    "enterprise_without": set(),
    "officer_without_region": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("role", list(VISIBLE))
def test_project_rows_per_role(tree, people, role):
    projects = {
        "a": tree.project_a,
        "b": tree.project_b,
        "c": ProjectFactory(region=tree.a, enterprise=tree.ent_b, name="丙小区"),
        "d": ProjectFactory(region=tree.b1a, enterprise=tree.ent_a, name="丁小区"),
    }
    seen = set(Project.objects.visible_to(getattr(people, role)).values_list("pk", flat=True))
    assert seen == {projects[name].pk for name in VISIBLE[role]}


def test_own_enterprise_only_for_enterprise_users(people):
    assert own_enterprise(people.enterprise, "project__enterprise_id") == Q(
        project__enterprise_id=people.enterprise.enterprise_id
    )
    assert own_enterprise(people.enterprise_without, "enterprise_id") is None
    assert own_enterprise(people.district, "enterprise_id") is None
    assert own_enterprise(people.admin, "enterprise_id") is None
