"""Demo data orchestration for ``manage.py seed_demo`` and the demo logins ``make run`` prints.

Registries are seeded here in dependency order; apps above them (complaints, inspections,
ratings …) add their own data by defining ``seed_demo(ctx)`` on their AppConfig, which the
command calls in INSTALLED_APPS order, so no registry imports an activity app.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password

from .choices import DepartmentKind, Role
from .models import Department, User


@dataclass(frozen=True)
class Scale:
    cities: int
    districts: int  # per city
    streets: int  # per district
    communities: int  # per street
    enterprises: int
    projects: int


SCALES = {
    "small": Scale(cities=1, districts=3, streets=3, communities=3, enterprises=40, projects=300),
    # About the source documents' city: ≈3,400 projects, ≈640 enterprises.
    "city": Scale(cities=1, districts=8, streets=6, communities=5, enterprises=640, projects=3400),
    # The design point: ≈20,000 enterprises and ≈60,000 projects in a province.
    "province": Scale(cities=16, districts=8, streets=8, communities=6, enterprises=20000, projects=60000),
}


@dataclass
class SeedContext:
    """What one seeding run shares between the apps' seeders."""

    scale: Scale
    seed: int
    scale_name: str = "small"
    stdout: object = None
    rng: random.Random = field(init=False)
    fake: object = field(init=False)
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        from faker import Faker

        self.rng = random.Random(self.seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(self.seed)

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(f"[{time.monotonic() - self.started:6.1f}s] {message}")


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
        dict(username="city", last_name=f"{city.name}住建局", role=Role.CITY_OFFICER, region=city),
        dict(username="district", last_name=f"{district_a.name}住建局", role=Role.DISTRICT_OFFICER, region=district_a),
        dict(username="district2", last_name=f"{district_b.name}住建局", role=Role.DISTRICT_OFFICER, region=district_b),
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
    names = ["admin", "city", "district", "district2", "street", "community", "police", "enterprise"]
    users = {
        u.username: u
        for u in User.objects.filter(username__in=names).select_related("region", "enterprise", "department")
    }
    return [(n, users[n].get_role_display(), users[n].affiliation) for n in names if n in users]
