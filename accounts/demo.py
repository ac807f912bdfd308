"""Demo departments and logins (one per role) for ``manage.py seed_demo``, and the table of
demo logins ``make run`` prints."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password

from .choices import DepartmentKind, Role
from .models import Department, User

MANAGER = {"can_manage_accounts": True}


def demo_accounts(ctx) -> list[dict]:
    """One login per role, anchored in the first city of the demo tree."""
    city = ctx.cities[0]
    district_a, district_b = ctx.districts[0], ctx.districts[1]
    street = ctx.streets[0]
    community = ctx.communities[0]
    # An enterprise user's enterprise should manage projects in district A, to make scoping visible.
    enterprise = next(e for e in ctx.enterprises if e.region_id == district_a.pk)
    police = Department.objects.get(region=city, kind=DepartmentKind.PUBLIC_SECURITY)
    return [
        dict(username="admin", last_name="系统管理员", role=Role.ADMINISTRATOR, is_superuser=True, is_staff=True),
        # The bureaus' main accounts manage the accounts of their jurisdiction (账号管理员).
        dict(username="city", last_name=f"{city.name}住建局", role=Role.CITY_OFFICER, region=city, **MANAGER),
        # Publication takes two officers besides the drafter (core.publication): the city's
        # clerk drafts lists and nominates, its reviewer reviews (审核), ``city`` publishes.
        dict(username="city-staff", last_name=f"{city.name}住建局（经办）", role=Role.CITY_OFFICER, region=city),
        dict(username="city-reviewer", last_name=f"{city.name}住建局（审核）", role=Role.CITY_OFFICER, region=city),
        dict(
            username="district",
            last_name=f"{district_a.name}住建局",
            role=Role.DISTRICT_OFFICER,
            region=district_a,
            **MANAGER,
        ),
        dict(
            username="district2",
            last_name=f"{district_b.name}住建局",
            role=Role.DISTRICT_OFFICER,
            region=district_b,
            **MANAGER,
        ),
        dict(
            username="district-reviewer",
            last_name=f"{district_a.name}住建局（审核）",
            role=Role.DISTRICT_OFFICER,
            region=district_a,
        ),
        dict(username="street", last_name=f"{street.name}", role=Role.STREET_OFFICER, region=street),
        dict(username="community", last_name=f"{community.name}", role=Role.COMMUNITY_OFFICER, region=community),
        dict(username="police", last_name=police.name, role=Role.DEPARTMENT_LIAISON, department=police, region=city),
        dict(username="enterprise", last_name=enterprise.name, role=Role.ENTERPRISE_USER, enterprise=enterprise),
    ]


DEPARTMENT_NAMES = {
    DepartmentKind.PUBLIC_SECURITY: "公安局",
    DepartmentKind.URBAN_MANAGEMENT: "城市管理局",
    DepartmentKind.FIRE: "消防救援支队",
    DepartmentKind.MARKET_REGULATION: "市场监督管理局",
    DepartmentKind.WATER_POWER: "供水供电服务中心",
}


def seed_departments(ctx) -> None:
    """The other departments of every city, so that categories outside the remit can be routed."""
    Department.objects.bulk_create(
        [
            Department(name=f"{city.name}{name}", kind=kind, region=city)
            for city in ctx.cities
            for kind, name in DEPARTMENT_NAMES.items()
        ]
    )


def seed_users(ctx) -> None:
    password = make_password(settings.DEMO_PASSWORD)  # hash once: hashing is deliberately slow
    users = [User(password=password, **fields) for fields in demo_accounts(ctx)]
    User.objects.bulk_create(users)
    ctx.log(f"users: {', '.join(u.username for u in users)}")


def login_table() -> list[tuple[str, str, str]]:
    """(username, role, where) for every demo login that exists."""
    names = [
        "admin",
        "city",
        "city-staff",
        "city-reviewer",
        "district",
        "district-reviewer",
        "district2",
        "street",
        "community",
        "police",
        "enterprise",
    ]
    users = {
        u.username: u
        for u in User.objects.filter(username__in=names).select_related("region", "enterprise", "department")
    }
    return [(n, users[n].get_role_display(), users[n].affiliation) for n in names if n in users]
