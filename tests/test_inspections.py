import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from accounts.choices import Role
from core.xlsx import ImportRejected
from inspections import draws, standards
from inspections.choices import DrawStatus, StandardStatus
from inspections.demo_standard import install_demo_standard
from inspections.models import Draw, DrawResult, StandardItem
from projects.choices import ManagementMode
from projects.models import Project

from .factories import ProjectFactory, UserFactory


# --- standards -----------------------------------------------------------------------------------
@pytest.fixture
def demo(db):
    return install_demo_standard()


def test_demo_standard_has_13_categories_and_144_items_adding_up(demo):
    assert demo.categories.count() == 13
    assert StandardItem.objects.filter(category__standard=demo).count() == 144
    assert standards.check_totals(demo) == []
    totals = standards.totals_by_type(demo)
    assert totals["residential"] == Decimal("1000") and totals["school"] == Decimal("945")  # no decoration items


def test_published_standard_is_frozen_and_a_new_version_is_a_copy(demo, users):
    assert demo.status == StandardStatus.PUBLISHED and demo.is_frozen
    draft = standards.new_version(demo, actor=users.city)
    assert (draft.version, draft.status, draft.based_on) == (2, StandardStatus.DRAFT, demo)
    assert StandardItem.objects.filter(category__standard=draft).count() == 144
    item = StandardItem.objects.filter(category__standard=draft).first()
    item.points += 1
    item.save()
    with pytest.raises(ValidationError) as exc:
        standards.publish(draft, actor=users.city)
    assert "与规定总分" in " ".join(exc.value.messages)
    item.points -= 1
    item.save()
    standards.publish(draft, actor=users.city)
    demo.refresh_from_db()
    assert demo.status == StandardStatus.RETIRED
    with pytest.raises(PermissionDenied):
        standards.new_version(draft, actor=users.ent_a)


def test_export_import_round_trip_and_totals_check(demo, users):
    draft = standards.new_version(demo, actor=users.city)
    data = standards.export_workbook(demo)
    assert standards.import_workbook(draft, SimpleUploadedFile("s.xlsx", data), actor=users.city) == 144
    assert standards.check_totals(draft) == []

    wb = load_workbook(io.BytesIO(data))
    wb["检查项"]["F2"] = 999  # one item's points no longer add up
    wb["检查项"]["F3"] = "很多"  # and one is not a number
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportRejected) as exc:
        standards.import_workbook(draft, SimpleUploadedFile("s.xlsx", buf.getvalue()), actor=users.city)
    assert [e.row for e in exc.value.errors] == [3] and "分值应为正数" in exc.value.errors[0].message

    wb["检查项"]["F3"] = 5
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportRejected) as exc:
        standards.import_workbook(draft, SimpleUploadedFile("s.xlsx", buf.getvalue()), actor=users.city)
    assert any("与规定总分" in e.message for e in exc.value.errors)
    assert StandardItem.objects.filter(category__standard=draft).count() == 144  # nothing changed
    with pytest.raises(ImportRejected):
        standards.import_workbook(demo, SimpleUploadedFile("s.xlsx", data), actor=users.city)  # frozen


# --- random draws --------------------------------------------------------------------------------
@pytest.fixture
def pool(tree):
    """30 projects in district A, an inspector pool of five."""
    projects = [
        ProjectFactory(region=tree.a1a if i % 2 else tree.a1, management_mode=ManagementMode.UNMANAGED)
        for i in range(30)
    ]
    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a) for _ in range(4)]
    local = UserFactory(role=Role.COMMUNITY_OFFICER, region=tree.a1a)  # conflicts with a1a's projects
    return projects, [*inspectors, local]


def make_draw(tree, users, inspectors, **kwargs):
    draw = Draw.objects.create(
        name="2026 年第四季度抽查",
        region=tree.a,
        created_by=users.district_a,
        project_count=kwargs.pop("n", 5),
        **kwargs,
    )
    draw.inspector_pool.set(inspectors)
    return draw


def test_same_seed_same_result_different_seed_different(tree, users, pool):
    _, inspectors = pool
    one = draws.execute(make_draw(tree, users, inspectors), actor=users.district_a, seed="abc")
    two = draws.execute(make_draw(tree, users, inspectors), actor=users.district_a, seed="abc")
    three = draws.execute(make_draw(tree, users, inspectors), actor=users.district_a, seed="xyz")

    def picked(d):
        return [(r.project_id, r.inspectors) for r in d.results.order_by("rank")]

    assert picked(one) == picked(two)
    assert picked(one) != picked(three)
    assert draws.verify(one) == (True, [])


def test_every_project_gets_at_least_two_inspectors_without_conflicts(tree, users, pool):
    _, inspectors = pool
    local = inspectors[-1]
    draw = draws.execute(make_draw(tree, users, inspectors, n=20, inspectors_per_project=3), actor=users.district_a)
    assert draw.results.count() == 20
    by_id = {p.pk: p for p in Project.objects.all()}
    for result in draw.results.all():
        assert len(set(result.inspectors)) == 3
        if by_id[result.project_id].region_id == tree.a1a.pk:
            assert local.pk not in result.inspectors  # never in their own community


def test_enterprise_link_is_a_conflict():
    project = {"id": 1, "region": "1/2/3/4/", "enterprise": 9}
    assert draws.conflicts(project, {"id": 5, "region": "1/2/", "enterprise": 9})
    assert not draws.conflicts(project, {"id": 5, "region": "1/2/", "enterprise": 8})
    assert draws.conflicts(project, {"id": 6, "region": "1/2/3/4/", "enterprise": None})


def test_draw_needs_two_inspectors_and_enough_projects(tree, users, pool):
    _, inspectors = pool
    with pytest.raises(ValidationError):
        Draw(name="x", region=tree.a, created_by=users.city, project_count=1, inspectors_per_project=1).full_clean()
    too_many = make_draw(tree, users, inspectors, n=500)
    with pytest.raises(ValidationError) as exc:
        draws.execute(too_many, actor=users.district_a)
    assert "少于要抽取的 500 个" in exc.value.messages[0]
    assert not DrawResult.objects.filter(draw=too_many).exists()


def test_published_draw_cannot_be_changed_or_drawn_again(tree, users, pool):
    _, inspectors = pool
    draw = draws.execute(make_draw(tree, users, inspectors), actor=users.district_a)
    assert draw.status == DrawStatus.PUBLISHED and draw.seed
    draw.project_count = 1
    with pytest.raises(ValidationError):
        draw.save()
    with pytest.raises(ValidationError):
        draws.execute(draw, actor=users.district_a)
    with pytest.raises(ValidationError):
        draw.delete()


def test_tampering_is_found_by_verification(tree, users, pool):
    _, inspectors = pool
    draw = draws.execute(make_draw(tree, users, inspectors), actor=users.district_a)
    call_command("verify_draw", draw.pk, stdout=io.StringIO())
    DrawResult.objects.filter(draw=draw, rank=1).update(inspectors=[0, 0])  # someone edits the stored result
    ok, problems = draws.verify(draw)
    assert not ok and problems
    with pytest.raises(CommandError):
        call_command("verify_draw", draw.pk, stdout=io.StringIO())


def test_only_bureau_officers_of_the_region_execute(tree, users, pool):
    _, inspectors = pool
    draw = make_draw(tree, users, inspectors)
    for who in ("district_b", "street_a", "ent_a"):
        with pytest.raises(PermissionDenied):
            draws.execute(draw, actor=getattr(users, who))


def test_pool_filters_and_public_page(tree, users, pool, client, client_for):
    _, inspectors = pool
    office = ProjectFactory(region=tree.a1, project_type="office")
    draw = make_draw(tree, users, inspectors, n=1, pool_filters={"project_type": ["office"]})
    draw = draws.execute(draw, actor=users.district_a)
    assert [p["id"] for p in draw.frozen_pool] == [office.pk]
    assert draw.results.get().project_id == office.pk
    html = client.get(f"/inspections/draws/{draw.pk}/").content.decode()
    assert office.name in html and draw.seed in html
    assert "项目类型" in html and "project_type" not in html  # the pool condition as people read it
    assert inspectors[0].username not in html  # names only to staff
    data = client.get(f"/inspections/draws/{draw.pk}/data.json").json()
    assert draws.compute(
        data["seed"], data["pool"], data["inspectors"], data["project_count"], data["inspectors_per_project"]
    ) == [(office.pk, data["result"][0]["inspectors"])]
    staff_html = client_for(users.city).get(f"/inspections/draws/{draw.pk}/").content.decode()
    name = inspectors[0].get_full_name() or inspectors[0].username
    assert any((u.get_full_name() or u.username) in staff_html for u in inspectors) and name
    unpublished = make_draw(tree, users, inspectors)
    assert client.get(f"/inspections/draws/{unpublished.pk}/").status_code == 404


def test_pool_can_target_enterprises_under_key_supervision(tree, users, pool, client_for):
    _, inspectors = pool
    tree.ent_a.key_supervision = True
    tree.ent_a.save()
    officer = client_for(users.district_a)
    officer.post(
        "/supervision/draws/new/",
        {
            "name": "重点监管抽查",
            "region": tree.a.pk,
            "project_count": 1,
            "inspectors_per_project": 2,
            "inspector_pool": [u.pk for u in inspectors],
            "key_supervision": "on",
            "enterprises": tree.ent_a.uscc,
        },
    )
    draw = Draw.objects.get(name="重点监管抽查")
    assert draw.pool_filters == {"enterprise": [tree.ent_a.pk], "key_supervision": True}
    draw = draws.execute(draw, actor=users.district_a)
    assert draw.results.get().project_id == tree.project_a.pk
    bad = officer.post(
        "/supervision/draws/new/",
        {
            "name": "x",
            "region": tree.a.pk,
            "project_count": 1,
            "inspectors_per_project": 2,
            "inspector_pool": [u.pk for u in inspectors],
            "enterprises": "NOTACODE",
        },
    )
    assert "未找到这些企业" in bad.content.decode()
