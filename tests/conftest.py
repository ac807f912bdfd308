"""Shared fixtures: a small region tree with two districts, and one user per role.

city 370100
├── district A 370102 ── street A1 370102001 ── community A1a 370102001001
└── district B 370103 ── street B1 370103001 ── community B1a 370103001001
"""

from types import SimpleNamespace

import pytest

from accounts.choices import Role
from projects.choices import ManagementMode

# The browser tests' fixtures (tests/test_browser*.py): a Chromium per module, pages, screenshots.
from .browser import browser, open_page, shots  # noqa: F401
from .factories import DepartmentFactory, EnterpriseFactory, ProjectFactory, RegionFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _own_broker_database():
    """What tests queue goes to Redis db 14, never to a developer's running worker (db 0)."""
    from config.celery import app
    from config.settings import redis_db_url

    app.conf.broker_url = redis_db_url(14, broker=True)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _locmem_cache(settings):
    # Tests must not share state through the Redis cache across xdist workers.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()  # locmem keeps its data per process: rate-limit counters must not leak between tests
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded photos and export files go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _relay_clock():
    """Each test starts with no notification relay queued by its process."""
    from notifications import outbox as notifications

    notifications._RelayClock.due = 0.0


@pytest.fixture
def tree(db):
    city = RegionFactory(code="370100", name="济南市")
    a = RegionFactory.child(city, 2, name="市中区")
    b = RegionFactory.child(city, 3, name="槐荫区")
    a1 = RegionFactory.child(a, 1, name="大观园街道")
    b1 = RegionFactory.child(b, 1, name="振兴街街道")
    a1a = RegionFactory.child(a1, 1, name="杆石桥社区")
    b1a = RegionFactory.child(b1, 1, name="西市场社区")
    ent_a = EnterpriseFactory(region=a, name="市中物业")
    ent_b = EnterpriseFactory(region=b, name="槐荫物业")
    project_a = ProjectFactory(
        region=a1a, enterprise=ent_a, management_mode=ManagementMode.PROFESSIONAL, name="阳光花园"
    )
    project_b = ProjectFactory(
        region=b1a, enterprise=ent_b, management_mode=ManagementMode.PROFESSIONAL, name="锦绣家园"
    )
    return SimpleNamespace(
        city=city,
        a=a,
        b=b,
        a1=a1,
        b1=b1,
        a1a=a1a,
        b1a=b1a,
        ent_a=ent_a,
        ent_b=ent_b,
        project_a=project_a,
        project_b=project_b,
    )


@pytest.fixture
def users(tree):
    police = DepartmentFactory(region=tree.city)
    return SimpleNamespace(
        admin=UserFactory(username="admin", role=Role.ADMINISTRATOR, is_superuser=True, is_staff=True),
        # The bureaus' main accounts hold account management (账号管理员), as in the demo.
        city=UserFactory(username="city", role=Role.CITY_OFFICER, region=tree.city, can_manage_accounts=True),
        district_a=UserFactory(
            username="district_a", role=Role.DISTRICT_OFFICER, region=tree.a, can_manage_accounts=True
        ),
        district_b=UserFactory(
            username="district_b", role=Role.DISTRICT_OFFICER, region=tree.b, can_manage_accounts=True
        ),
        street_a=UserFactory(username="street_a", role=Role.STREET_OFFICER, region=tree.a1),
        community_a=UserFactory(username="community_a", role=Role.COMMUNITY_OFFICER, region=tree.a1a),
        police=UserFactory(username="police", role=Role.DEPARTMENT_LIAISON, department=police, region=tree.city),
        ent_a=UserFactory(username="ent_a", role=Role.ENTERPRISE_USER, enterprise=tree.ent_a),
        ent_b=UserFactory(username="ent_b", role=Role.ENTERPRISE_USER, enterprise=tree.ent_b),
    )


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user`` (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; the test suite renders templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reload the rows data migrations create: a transactional test elsewhere flushes them."""
    marker = request.node.get_closest_marker("django_db")
    if not marker and not {"db", "transactional_db", "tree", "users"} & set(request.fixturenames):
        return
    transactional = bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from enterprises.choices import STANDARD_CERTIFICATIONS
    from enterprises.models import Certification

    Certification.objects.bulk_create(
        [Certification(code=code, name=name) for code, name in STANDARD_CERTIFICATIONS], ignore_conflicts=True
    )
    from complaints.reference import install
    from core import refcache
    from ratings.schemes import ensure_default

    install()
    ensure_default()
    refcache.clear_all()  # the rows were reloaded (or rolled back) behind the process cache


@pytest.fixture
def world(tree, users):
    """One of everything the pages act on, in district A (for the fuzz tests)."""
    from complaints.choices import Channel
    from complaints.models import ApiClient
    from enterprises import profile
    from inspections import draws, rectification, selfreports
    from inspections import workflow as inspection_workflow
    from inspections.demo_standard import install_demo_standard
    from inspections.models import Draw, SelfReport, StandardItem

    from .factories import make_complaint

    standard = install_demo_standard()
    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a) for _ in range(2)]
    draw = Draw.objects.create(
        name="抽查", region=tree.a, project_count=1, inspectors_per_project=2, created_by=users.district_a
    )
    draw.inspector_pool.set(inspectors)
    draw = draws.execute(draw, actor=users.district_a)
    inspection = inspection_workflow.create_for_draw(draw, standard=standard)[0]
    lead = next(u for u in inspectors if u.pk == draw.results.get().inspectors[0])
    order = rectification.issue(project=tree.project_a, source="other", issue="门禁损坏", days=3, actor=users.city)
    selfreports.generate(2026, 3)
    change = profile.request_change(tree.ent_a, actor=users.ent_a, changes={"service_brand": "新品牌"}, reason="更名")
    complaint = make_complaint(tree.project_a, complainant_phone="13812341234")
    _, key = ApiClient.issue("开放平台", Channel.API)
    _, hotline_key = ApiClient.issue("12345 热线", Channel.HOTLINE_12345)
    return {
        "standard": standard,
        "draw": draw,
        "inspection": inspection,
        "lead": lead,
        "order": order,
        "report": SelfReport.objects.get(project=tree.project_a),
        "change": change,
        "complaint": complaint,
        "key": key,
        "hotline_key": hotline_key,
        "item": StandardItem.objects.filter(category__standard=standard).first(),
    }


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (zh-hans): a test that switches to English must
    not leak it into the rule messages of the next test in the same worker."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def colleagues(tree):
    """A second officer of the city and of each district: publication takes an officer who
    neither drafted nor reviewed (core.publication)."""
    return SimpleNamespace(
        city=UserFactory(username="city2", role=Role.CITY_OFFICER, region=tree.city),
        city3=UserFactory(username="city3", role=Role.CITY_OFFICER, region=tree.city),  # lists: a third one
        district_a=UserFactory(username="district_a2", role=Role.DISTRICT_OFFICER, region=tree.a),
        district_b=UserFactory(username="district_b2", role=Role.DISTRICT_OFFICER, region=tree.b),
    )
