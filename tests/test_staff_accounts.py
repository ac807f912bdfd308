"""Staff account management on the portal (accounts.staff): scoped like everything else, no
privilege escalation, one-time passwords, audited; bad input is a form error."""

import re

import pytest

from accounts import staff
from accounts.choices import Role
from accounts.models import User
from core.choices import AuditAction
from core.models import AuditEvent

from .factories import UserFactory


def _new(client, **data):
    form = {"username": "newbie", "last_name": "新同事", "role": Role.STREET_OFFICER, "password_mode": "generate"}
    return client.post("/accounts/staff/new/", {**form, **data})


def test_a_district_officer_lists_only_the_accounts_of_the_district(tree, users, client_for):
    page = client_for(users.district_a).get("/accounts/staff/")
    listed = {u.username for u in page.context["object_list"]}
    assert listed == {"district_a", "street_a", "community_a"}
    assert "从未登录" in page.content.decode()  # last login column
    city = {u.username for u in client_for(users.city).get("/accounts/staff/").context["object_list"]}
    assert city == {"city", "district_a", "district_b", "street_a", "community_a", "police"}  # no enterprise users
    admin = {u.username for u in client_for(users.admin).get("/accounts/staff/").context["object_list"]}
    assert "admin" in admin and "ent_a" not in admin


def test_creating_an_account_shows_a_one_time_password_that_works(tree, users, client_for):
    response = _new(client_for(users.district_a), region=tree.a1.pk)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = re.search(r"data-one-time-password>([^<]+)<", response.content.decode()).group(1)
    account = User.objects.get(username="newbie")
    assert account.role == Role.STREET_OFFICER and account.region == tree.a1 and account.check_password(password)
    assert password not in str(list(AuditEvent.objects.values_list("detail", flat=True)))
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_CREATED, actor=users.district_a).exists()


def test_a_chosen_password_is_validated(tree, users, client_for):
    client = client_for(users.district_a)
    weak = _new(client, region=tree.a1.pk, password_mode="set", password="12345")
    assert weak.status_code == 200 and not User.objects.filter(username="newbie").exists()
    assert weak.context["form"].errors
    good = _new(client, region=tree.a1.pk, password_mode="set", password="Lantern#Harbour7")
    assert good.status_code == 302 and User.objects.get(username="newbie").check_password("Lantern#Harbour7")


@pytest.mark.parametrize(
    "role,region",
    [
        (Role.CITY_OFFICER, "city"),  # a role above their own
        (Role.ADMINISTRATOR, None),
        (Role.DISTRICT_OFFICER, "b"),  # a region outside the district
        (Role.STREET_OFFICER, "b1"),
        (Role.ENTERPRISE_USER, None),
    ],
)
def test_a_district_officer_cannot_escalate(role, region, tree, users, client_for):
    response = _new(client_for(users.district_a), role=role, region=getattr(tree, region).pk if region else "")
    assert response.status_code in (200, 403)
    assert not User.objects.filter(username="newbie").exists()
    if response.status_code == 200:
        assert response.context["form"].errors


def test_the_rules_refuse_escalation_even_without_the_form(tree, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        staff.create(users.district_a, username="x1", role=Role.CITY_OFFICER, region=tree.city)
    with pytest.raises(PermissionDenied):
        staff.create(users.district_a, username="x2", role=Role.STREET_OFFICER, region=tree.b1)
    with pytest.raises(PermissionDenied):
        staff.create(users.street_a, username="x3", role=Role.COMMUNITY_OFFICER, region=tree.a1a)
    with pytest.raises(PermissionDenied):
        staff.update(users.district_a, users.street_a, role=Role.CITY_OFFICER, region=tree.city)
    with pytest.raises(PermissionDenied):
        staff.set_active(users.district_a, users.district_a, False)  # not their own account
    account, _password = staff.create(users.city, username="x4", role=Role.DISTRICT_OFFICER, region=tree.b)
    assert account.region == tree.b


def test_a_district_officer_cannot_touch_another_districts_accounts(tree, users, client_for):
    other = UserFactory(username="street_b", role=Role.STREET_OFFICER, region=tree.b1)
    client = client_for(users.district_a)
    assert client.get(f"/accounts/staff/{other.pk}/").status_code == 404
    assert client.post(f"/accounts/staff/{other.pk}/", {"last_name": "x", "role": "street"}).status_code == 404
    assert client.post(f"/accounts/staff/{other.pk}/deactivate/").status_code == 404
    assert client.post(f"/accounts/staff/{other.pk}/password/", {"password_mode": "generate"}).status_code == 404
    assert client.get(f"/accounts/staff/{users.city.pk}/").status_code == 404  # above them
    assert client.get(f"/accounts/staff/{users.admin.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.is_active and other.last_name != "x"
    # nor promote one of their own into a city officer
    response = client.post(
        f"/accounts/staff/{users.street_a.pk}/", {"last_name": "x", "role": Role.CITY_OFFICER, "region": tree.city.pk}
    )
    assert response.status_code in (200, 403)
    users.street_a.refresh_from_db()
    assert users.street_a.role == Role.STREET_OFFICER
    # their own account is shown, not editable
    assert client.post(f"/accounts/staff/{users.district_a.pk}/deactivate/").status_code == 403


def test_street_officers_and_enterprises_manage_no_accounts(tree, users, client_for):
    for user in (users.street_a, users.community_a, users.police, users.ent_a):
        client = client_for(user)
        assert client.get("/accounts/staff/").status_code == 403
        assert _new(client, region=tree.a1a.pk, role=Role.COMMUNITY_OFFICER).status_code == 403
        assert client.post(f"/accounts/staff/{users.community_a.pk}/deactivate/").status_code == 403


def test_editing_deactivating_and_resetting(tree, users, client_for):
    from rest_framework.authtoken.models import Token

    client = client_for(users.district_a)
    account = users.community_a
    response = client.post(
        f"/accounts/staff/{account.pk}/",
        {"last_name": "杆石桥社区 王", "role": Role.STREET_OFFICER, "region": tree.a1.pk, "phone": "13800138000"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.role, account.region, account.last_name) == (Role.STREET_OFFICER, tree.a1, "杆石桥社区 王")
    assert client.post(f"/accounts/staff/{account.pk}/deactivate/").status_code == 302
    account.refresh_from_db()
    assert not account.is_active
    assert client_for(account).get("/workbench/").status_code == 302  # signed out at once
    client = client_for(users.district_a)
    client.post(f"/accounts/staff/{account.pk}/activate/")
    account.refresh_from_db()
    assert account.is_active
    Token.objects.create(user=account)
    response = client.post(f"/accounts/staff/{account.pk}/password/", {"password_mode": "generate"})
    password = re.search(r"data-one-time-password>([^<]+)<", response.content.decode()).group(1)
    account.refresh_from_db()
    assert account.check_password(password) and not Token.objects.filter(user=account).exists()
    actions = set(AuditEvent.objects.filter(object_repr=account.username).values_list("action", flat=True))
    assert {AuditAction.ACCOUNT_CHANGED, AuditAction.ACCOUNT_DEACTIVATED, AuditAction.PASSWORD_RESET} <= actions


def test_a_wrong_level_region_is_a_form_error(tree, users, client_for):
    response = _new(client_for(users.district_a), role=Role.STREET_OFFICER, region=tree.a1a.pk)  # a community
    assert response.status_code == 200 and "层级" in str(response.context["form"].errors)


@pytest.mark.parametrize(
    "data,field",
    [
        ({"username": "\x00"}, "username"),  # NUL stripped: nothing left
        ({"username": "a b\x00"}, "username"),  # a space is not allowed in a user name
        ({"username": "x" * 151}, "username"),
        ({"last_name": "王" * 151}, "last_name"),
        ({"email": "x" * 250 + "@a.cn"}, "email"),
        ({"phone": "1" * 21}, "phone"),
        ({"password_mode": "set", "password": "p" * 129}, "password"),
        ({"password_mode": "set", "password": ""}, "password"),
        ({"password_mode": "telepathy"}, "password_mode"),
        ({"role": "x" * 1000}, "role"),
        ({"region": "9" * 40}, "region"),
        ({"username": "district_a"}, "username"),  # taken
    ],
)
def test_bad_input_on_the_account_form_is_a_form_error(data, field, tree, users, client_for):
    response = _new(client_for(users.district_a), **{"region": tree.a1.pk, **data})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(last_name="新同事").exists()


def test_a_nul_byte_never_reaches_the_database(tree, users, client_for):
    response = _new(client_for(users.district_a), region=tree.a1.pk, username="nul\x00user", last_name="新\x00同事")
    assert response.status_code == 200
    assert User.objects.get(username="nuluser").last_name == "新同事"


def test_the_region_picker_follows_the_role_being_given(tree, users, client_for):
    """The region picker is told which level each role needs (static/js/portal.js asks for it)."""
    import html
    import json

    page = client_for(users.district_a).get("/accounts/staff/new/").content.decode()
    found = re.search(r'data-picker-param-map="([^"]+)"', page)
    assert found and 'data-picker-param="level"' in page and 'data-picker-param-from="id_role"' in page
    levels = json.loads(html.unescape(found.group(1)))
    assert levels == {"district": 2, "street": 3, "community": 4, "inspector": ""}
    streets = client_for(users.district_a).get("/pickers/region/?level=3").json()["results"]
    assert [r["code"] for r in streets] == [tree.a1.code]


def test_a_liaison_is_offered_only_where_a_department_can_be_chosen(tree, users, client_for):
    """District A has no department of its own (the police are the city's): no liaison role,
    no empty department list, and the form says why; the city has one to choose."""
    response = client_for(users.district_a).get("/accounts/staff/new/")
    form = response.context["form"]
    assert Role.DEPARTMENT_LIAISON not in dict(form.fields["role"].choices) and "department" not in form.fields
    assert "本辖区没有登记的相关部门" in response.content.decode()
    refused = _new(client_for(users.district_a), role=Role.DEPARTMENT_LIAISON, department=users.police.department_id)
    assert refused.status_code == 200 and "role" in refused.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()
    city = client_for(users.city).get("/accounts/staff/new/").context["form"]
    assert Role.DEPARTMENT_LIAISON in dict(city.fields["role"].choices)
    assert list(city.fields["department"].queryset) == [users.police.department]
    assert "本辖区没有登记的相关部门" not in str(city.fields["role"].help_text)
    created = _new(client_for(users.city), role=Role.DEPARTMENT_LIAISON, department=users.police.department_id)
    assert created.status_code == 200 and User.objects.get(username="newbie").department == users.police.department
