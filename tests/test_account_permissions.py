"""Who may manage which account (accounts.permissions.may), inspection accounts (检查员), and
one-time passwords that must be replaced at the first sign-in (issue 22, attempts 2 and 7)."""

import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token

from accounts import permissions, staff
from accounts.choices import Role
from accounts.models import User
from core.choices import AuditAction
from core.models import AuditEvent
from core.permissions import may as permissions_may
from inspections import draws, workflow
from inspections.demo_standard import install_demo_standard
from inspections.forms import DrawForm
from inspections.models import Draw, RectificationOrder, StandardItem

from .factories import ProjectFactory, RegionFactory, UserFactory

ACTIONS = permissions.ACCOUNT_ACTIONS
STRONG = "Lantern#Harbour7"


# --- attempt 2: an inspection account takes over the district's main account ---------------------
@pytest.mark.parametrize("role", [Role.DISTRICT_OFFICER, Role.INSPECTOR])
def test_an_inspection_account_cannot_take_over_the_district_main_account(role, tree, users, client_for):
    # Seeded with the district role until now, and with the inspector role from now on: neither
    # holds account management.
    inspector = UserFactory(username="inspector-370102-1", role=role, region=tree.a)
    main = users.district_a
    client = client_for(inspector)
    response = client.post(
        f"/accounts/staff/{main.pk}/password/", {"password_mode": "set", "password": "Takeover#Harbour7"}
    )
    assert response.status_code in (403, 404)
    response = client.post(f"/accounts/staff/{main.pk}/", {"last_name": "x", "role": Role.STREET_OFFICER})
    assert response.status_code in (403, 404)
    assert client.post(f"/accounts/staff/{main.pk}/deactivate/").status_code in (403, 404)
    main.refresh_from_db()
    assert main.check_password(settings.DEMO_PASSWORD) and not main.check_password("Takeover#Harbour7")
    assert (main.role, main.is_active, main.last_name) == (Role.DISTRICT_OFFICER, True, "")
    assert not AuditEvent.objects.filter(object_repr=main.username).exists()
    assert "账号管理员" in client.get("/accounts/staff/").content.decode()  # the 403 says why


def test_the_district_main_account_manages_its_inspection_accounts_but_not_its_peers(tree, users, client_for):
    inspector = UserFactory(username="inspector-370102-1", role=Role.INSPECTOR, region=tree.a)
    peer = UserFactory(username="district_a2", role=Role.DISTRICT_OFFICER, region=tree.a, can_manage_accounts=True)
    client = client_for(users.district_a)
    assert client.post(f"/accounts/staff/{inspector.pk}/password/", {"password_mode": "generate"}).status_code == 200
    response = client.post(f"/accounts/staff/{peer.pk}/password/", {"password_mode": "set", "password": STRONG})
    assert response.status_code == 403 and "上级" in response.content.decode()
    assert not User.objects.get(pk=peer.pk).check_password(STRONG)
    # the city manages the district's account managers
    city = client_for(users.city)
    assert (
        city.post(f"/accounts/staff/{peer.pk}/password/", {"password_mode": "set", "password": STRONG}).status_code
        == 302
    )
    assert User.objects.get(pk=peer.pk).check_password(STRONG)


# --- the grant ---------------------------------------------------------------------------------------
def test_account_management_is_granted_from_above_only(tree, users):
    with pytest.raises(PermissionDenied):  # a district cannot make a peer manager
        staff.create(
            users.district_a, username="x1", role=Role.DISTRICT_OFFICER, region=tree.a, can_manage_accounts=True
        )
    with pytest.raises(PermissionDenied):  # nor grant it to itself
        staff.update(users.district_a, users.district_a, can_manage_accounts=False)
    plain = UserFactory(username="plain", role=Role.DISTRICT_OFFICER, region=tree.a)
    with pytest.raises(PermissionDenied):
        staff.update(users.district_a, plain, can_manage_accounts=True)
    assert not User.objects.get(pk=plain.pk).can_manage_accounts  # nothing half-saved
    account = staff.update(users.city, plain, can_manage_accounts=True)
    assert account.can_manage_accounts and account.holds_account_management
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_CHANGED, object_repr="plain")
    assert event.detail["can_manage_accounts"] == ["False", "True"]
    account = staff.update(users.city, plain, can_manage_accounts=False)
    assert not account.can_manage_accounts


def test_only_bureau_accounts_hold_account_management(tree, users):
    inspector = UserFactory(role=Role.INSPECTOR, region=tree.a)
    inspector.can_manage_accounts = True
    with pytest.raises(ValidationError):
        inspector.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=users.street_a.pk).update(can_manage_accounts=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=inspector.pk).update(can_manage_accounts=True)
    # demoting a manager to a street takes the grant with it
    manager = UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a, can_manage_accounts=True)
    manager = staff.update(users.city, manager, role=Role.STREET_OFFICER, region=tree.a1)
    assert not manager.can_manage_accounts


def test_a_bureau_account_without_the_grant_manages_nothing(tree, users, client_for):
    plain = UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a)
    client = client_for(plain)
    assert client.get("/accounts/staff/").status_code == 403
    assert client.post(f"/accounts/staff/{users.street_a.pk}/deactivate/").status_code == 403
    menu = client.get("/workbench/").content.decode()
    assert "/accounts/staff/" not in menu
    assert "/accounts/staff/" in client_for(users.district_a).get("/workbench/").content.decode()


def test_the_grant_is_offered_to_the_city_and_not_to_a_district(tree, users, client_for):
    assert "can_manage_accounts" in client_for(users.city).get("/accounts/staff/new/").context["form"].fields
    assert "can_manage_accounts" not in client_for(users.district_a).get("/accounts/staff/new/").context["form"].fields
    response = client_for(users.city).post(
        "/accounts/staff/new/",
        {
            "username": "district_b2",
            "last_name": "槐荫",
            "role": Role.DISTRICT_OFFICER,
            "region": tree.b.pk,
            "password_mode": "generate",
            "can_manage_accounts": "on",
        },
    )
    assert response.status_code == 200
    assert User.objects.get(username="district_b2").can_manage_accounts


# --- the role × target table --------------------------------------------------------------------
@pytest.fixture
def world(tree, users):
    """Another street in district A and another district's street, for siblings and strangers."""
    a2 = RegionFactory.child(tree.a, 2, name="四里村街道")
    a2a = RegionFactory.child(a2, 1, name="南郊社区")
    a1b = RegionFactory.child(tree.a1, 2, name="正觉寺社区")
    return SimpleNamespace(a2=a2, a2a=a2a, a1b=a1b)


# Where each kind of actor sits, and a plain (non-manager) account for every relative position.
POSITIONS = ("own", "parent", "child", "sibling", "other_district")
# (actor role, home region, granted) → the positions where every account action is allowed.
TABLE = {
    ("city", "city", True): {"own", "child", "other_district"},
    ("city", "city", False): set(),
    ("district", "a", True): {"own", "child"},
    ("district", "a", False): set(),
    ("street", "a1", False): set(),
    ("community", "a1a", False): set(),
    ("inspector", "a", False): set(),
    ("department", "city", False): set(),
    ("enterprise", None, False): set(),
    ("admin", None, False): {"own", "parent", "child", "sibling", "other_district"},
}
ROLE_AT = {
    "city": Role.CITY_OFFICER,
    "a": Role.DISTRICT_OFFICER,
    "b": Role.DISTRICT_OFFICER,
    "a1": Role.STREET_OFFICER,
    "a2": Role.STREET_OFFICER,
    "b1": Role.STREET_OFFICER,
    "a1a": Role.COMMUNITY_OFFICER,
    "a1b": Role.COMMUNITY_OFFICER,
    "b1a": Role.COMMUNITY_OFFICER,
    "a2a": Role.COMMUNITY_OFFICER,
}
# For an actor at a region: the region of the target in each relative position (None: no such).
RELATIVE = {
    "city": {"own": "city", "parent": None, "child": "a", "sibling": None, "other_district": "b1"},
    "a": {"own": "a", "parent": "city", "child": "a1", "sibling": "b", "other_district": "b1"},
    "a1": {"own": "a1", "parent": "a", "child": "a1a", "sibling": "a2", "other_district": "b1"},
    "a1a": {"own": "a1a", "parent": "a1", "child": None, "sibling": "a1b", "other_district": "b1a"},
    None: {"own": "city", "parent": "city", "child": "a1", "sibling": "b", "other_district": "b1"},
}


def _region(name, tree, world):
    return getattr(tree, name, None) or getattr(world, name)


def _actor(role, home, granted, tree, world):
    if role == "department":
        return UserFactory(role=Role.DEPARTMENT_LIAISON, department=_liaison_department(tree), region=tree.city)
    if role == "enterprise":
        return UserFactory(role=Role.ENTERPRISE_USER, enterprise=tree.ent_a)
    if role == "admin":
        return UserFactory(role=Role.ADMINISTRATOR, is_superuser=True, is_staff=True)
    return UserFactory(role=role, region=_region(home, tree, world), can_manage_accounts=granted)


def _liaison_department(tree):
    from .factories import DepartmentFactory

    return DepartmentFactory(region=tree.city, name="市城管局")


@pytest.mark.parametrize("actor_key", list(TABLE), ids=lambda k: f"{k[0]}-{k[1]}-{'granted' if k[2] else 'plain'}")
def test_account_actions_by_role_and_target(actor_key, tree, users, world, client_for):
    role, home, granted = actor_key
    actor = _actor(role, home, granted, tree, world)
    relative = RELATIVE[home if role not in ("department",) else "city"]
    for position in POSITIONS:
        place = relative[position]
        if place is None:
            continue
        region = _region(place, tree, world)
        target = UserFactory(role=ROLE_AT[place], region=region)
        expected = position in TABLE[actor_key]
        for action in ACTIONS:
            assert permissions.may(actor, action, target) is expected, (actor_key, position, action)
        # and the pages agree: a refused page is 403 or 404 and changes nothing
        client = client_for(actor)
        response = client.post(f"/accounts/staff/{target.pk}/password/", {"password_mode": "set", "password": STRONG})
        deactivated = client.post(f"/accounts/staff/{target.pk}/deactivate/")
        target.refresh_from_db()
        if expected:
            assert response.status_code == 302 and target.check_password(STRONG), position
            assert deactivated.status_code == 302 and not target.is_active, position
        else:
            assert response.status_code in (403, 404) and not target.check_password(STRONG), position
            assert deactivated.status_code in (403, 404) and target.is_active, position


def test_the_table_covers_every_role():
    assert {key[0] for key in TABLE} == set(Role.values)


def test_an_unknown_action_is_a_programming_error(users):
    with pytest.raises(ValueError):
        permissions.may(users.admin, "delete_everything", users.city)


def test_creating_follows_the_same_rule(tree, users, world):
    with pytest.raises(PermissionDenied):  # a sibling street's community
        staff.create(
            UserFactory(role=Role.STREET_OFFICER, region=tree.a1),
            username="x",
            role=Role.COMMUNITY_OFFICER,
            region=world.a1b,
        )
    with pytest.raises(PermissionDenied):
        staff.create(users.district_a, username="x", role=Role.INSPECTOR, region=tree.b)
    account, _ = staff.create(users.district_a, username="inspector-a-9", role=Role.INSPECTOR, region=tree.a)
    assert account.role == Role.INSPECTOR and account.must_change_password
    assert not User.objects.filter(username="x").exists()


# --- inspection accounts (检查员) ---------------------------------------------------------------------
def test_draws_pick_inspection_accounts_who_inspect_and_decide_nothing(tree, users, client_for):
    install_demo_standard()
    for i in range(3):
        ProjectFactory(region=tree.a1, name=f"项目{i}")
    inspectors = [UserFactory(username=f"inspector-370102-{i}", role=Role.INSPECTOR, region=tree.a) for i in (1, 2)]
    form = DrawForm(user=users.district_a)
    assert set(inspectors) <= set(form.fields["inspector_pool"].queryset)
    draw = Draw.objects.create(name="抽查", region=tree.a, project_count=1, created_by=users.district_a)
    draw.inspector_pool.set(inspectors)
    draws.execute(draw, actor=users.district_a)
    (inspection,) = workflow.create_for_draw(draw)
    lead, second = (User.objects.get(pk=pk) for pk in draw.results.get().inspectors)
    finding = StandardItem.objects.get(code="06.02")
    workflow.deduct(inspection, actor=lead, item=finding, points=2, reason="消防通道堆物")
    workflow.submit(inspection, actor=lead)
    workflow.countersign(inspection, actor=second)  # its finding becomes an order on the countersignature
    assert RectificationOrder.objects.get().issued_by == second
    client = client_for(lead)
    assert client.get(f"/supervision/inspections/{inspection.pk}/").status_code == 200
    assert client.get("/supervision/inspections/mine/").status_code == 200
    assert client.get("/complaints/").status_code == 200  # reads what the region allows
    assert client.get("/accounts/staff/").status_code == 403
    assert not lead.is_officer and not lead.is_bureau_officer
    assert not permissions_may(lead, "inspections.issue_order", tree.project_a)
    with pytest.raises(PermissionDenied):
        draws.execute(Draw.objects.create(name="再抽", region=tree.a, project_count=1, created_by=lead), actor=lead)


def test_the_migration_turns_seeded_inspection_accounts_into_inspectors(tree, users):
    import importlib

    migration = importlib.import_module("inspections.migrations.0008_inspection_accounts_role")
    seeded = UserFactory(
        username="inspector-370102-1", role=Role.DISTRICT_OFFICER, region=tree.a, can_manage_accounts=True
    )
    officer = UserFactory(username="zhang", role=Role.DISTRICT_OFFICER, region=tree.a, can_manage_accounts=True)
    idle = UserFactory(username="inspector-370102-3", role=Role.DISTRICT_OFFICER, region=tree.a)
    draw = Draw.objects.create(name="抽查", region=tree.a, project_count=1, created_by=users.district_a)
    draw.inspector_pool.set([seeded, officer])
    migration.inspection_accounts(apps, None)
    seeded.refresh_from_db(), officer.refresh_from_db(), idle.refresh_from_db(), users.district_a.refresh_from_db()
    assert (seeded.role, seeded.can_manage_accounts) == (Role.INSPECTOR, False)
    assert (officer.role, officer.can_manage_accounts) == (Role.DISTRICT_OFFICER, False)  # inspects: no grant
    assert idle.role == Role.DISTRICT_OFFICER  # in no pool: left alone
    assert users.district_a.can_manage_accounts  # the main account keeps it


# --- attempt 7: a one-time password is one-time -----------------------------------------------------
def _one_time(response):
    return re.search(r"data-one-time-password>([^<]+)<", response.content.decode()).group(1)


def test_a_new_account_with_a_one_time_password_must_change_it_first(tree, users, client, client_for):
    created = client_for(users.district_a).post(
        "/accounts/staff/new/",
        {
            "username": "newbie",
            "last_name": "新同事",
            "role": Role.STREET_OFFICER,
            "region": tree.a1.pk,
            "password_mode": "generate",
        },
    )
    password = _one_time(created)
    client.logout()
    response = client.post("/accounts/login/", {"username": "newbie", "password": password}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/password/")
    assert "一次性密码" in response.content.decode()
    for path in ("/workbench/", "/complaints/", "/"):
        assert client.get(path).url.startswith("/accounts/password/?next=")
    assert client.post("/complaints/").url == "/accounts/password/"
    assert client.get("/static/css/portal.css").status_code in (200, 404)  # never redirected
    changed = client.post(
        "/accounts/password/?next=/complaints/",
        {"old_password": password, "new_password1": STRONG, "new_password2": STRONG},
    )
    assert changed.status_code == 302 and changed.url == "/complaints/"
    account = User.objects.get(username="newbie")
    assert not account.must_change_password and account.check_password(STRONG)
    assert client.get("/workbench/").status_code == 200  # still signed in, free to go
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED, actor=account).exists()


def test_a_reset_password_is_one_time_too_and_logout_stays_open(tree, users, client, client_for):
    client_for(users.district_a).post(
        f"/accounts/staff/{users.street_a.pk}/password/", {"password_mode": "set", "password": STRONG}
    )
    users.street_a.refresh_from_db()
    assert users.street_a.must_change_password
    client.logout()
    client.post("/accounts/login/", {"username": "street_a", "password": STRONG})
    assert client.get("/workbench/").status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_api_refuses_with_a_structured_403_until_the_password_is_changed(tree, users, client, client_for):
    account = users.street_a
    User.objects.filter(pk=account.pk).update(must_change_password=True)
    issued = client.post("/api/v1/token/", {"username": "street_a", "password": settings.DEMO_PASSWORD})
    assert issued.status_code == 403 and issued.json()["code"] == "password_change_required"
    assert not Token.objects.filter(user=account).exists()
    token = Token.objects.create(user=account)
    by_token = client.get("/api/v1/complaints/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert by_token.status_code == 403
    body = by_token.json()
    assert body["code"] == "password_change_required" and body["change_password_url"] == "/accounts/password/"
    by_session = client_for(User.objects.get(pk=account.pk)).get("/api/v1/complaints/")
    assert by_session.status_code == 403 and by_session.json()["code"] == "password_change_required"
    User.objects.filter(pk=account.pk).update(must_change_password=False)
    assert client.get("/api/v1/complaints/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


def test_changing_ones_own_password_needs_the_old_one(users, client_for):
    client = client_for(users.street_a)
    response = client.post(
        "/accounts/password/", {"old_password": "wrong", "new_password1": STRONG, "new_password2": STRONG}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert User.objects.get(pk=users.street_a.pk).check_password(settings.DEMO_PASSWORD)
