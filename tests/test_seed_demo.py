import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from stdnum.cn import uscc

from accounts.models import User
from core.demo import SCALES
from enterprises.models import Enterprise
from projects.models import Project
from regions.choices import RegionLevel
from regions.models import Region


def digest():
    rows = Project.objects.order_by("code").values_list("code", "name", "management_mode", "enterprise__uscc")
    ents = Enterprise.objects.order_by("uscc").values_list("uscc", "name", "legal_representative")
    return hashlib.sha256(repr((list(rows), list(ents))).encode()).hexdigest()


def seed(*args):
    call_command("seed_demo", *args, stdout=io.StringIO())


@pytest.mark.django_db
def test_small_seed_is_deterministic_and_valid():
    seed("--scale", "small", "--seed", "1")
    first = digest()
    scale = SCALES["small"]
    assert Project.objects.count() == scale.projects
    assert Enterprise.objects.count() == scale.enterprises
    assert Region.objects.filter(level=RegionLevel.COMMUNITY).count() == (
        scale.cities * scale.districts * scale.streets * scale.communities
    )
    assert all(uscc.is_valid(code) for code in Enterprise.objects.values_list("uscc", flat=True))
    for p in Project.objects.select_related("region", "enterprise")[:50]:
        p.full_clean()  # every demo project satisfies the model's own rules
    assert set(User.objects.values_list("role", flat=True)) == {
        "admin",
        "city",
        "district",
        "street",
        "community",
        "department",
        "enterprise",
        "inspector",
    }
    managers = set(User.objects.filter(can_manage_accounts=True).values_list("username", flat=True))
    assert managers == {"city", "district", "district2"}  # the main accounts, never an inspector
    seed("--scale", "small", "--seed", "1", "--replace")
    assert digest() == first
    seed("--scale", "small", "--seed", "2", "--replace")
    assert digest() != first


@pytest.mark.django_db
def test_seed_refuses_to_mix_with_existing_data_unless_told():
    seed("--scale", "small")
    with pytest.raises(CommandError):
        seed("--scale", "small")
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "already present" in out.getvalue()


@pytest.mark.django_db
def test_about_half_is_professionally_managed():
    seed("--scale", "small")
    share = Project.objects.filter(management_mode="professional").count() / Project.objects.count()
    assert 0.4 < share < 0.6


@pytest.mark.django_db
def test_demo_logins_prints_every_role():
    seed("--scale", "small")
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for name in ("admin", "city", "district", "street", "community", "police", "enterprise"):
        assert f"    {name}" in text
