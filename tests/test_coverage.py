from decimal import Decimal

import pytest

from projects.choices import ManagementMode
from projects.coverage import coverage_for_user, percentage
from projects.models import Project

from .factories import ProjectFactory

M = ManagementMode


def make_projects(region, enterprise, counts):
    objs = []
    for mode, n in counts.items():
        for _ in range(n):
            objs.append(
                ProjectFactory.build(
                    region=region, management_mode=mode, enterprise=enterprise if mode == M.PROFESSIONAL else None
                )
            )
    Project.objects.bulk_create(objs)


def test_source_document_figures_are_reproduced(tree, users):
    """[S3]: 1115 compounds = 176 / 482 / 166 / 291 → 15.78% / 43.23% / 14.89% / 26.10%."""
    Project.objects.all().delete()
    make_projects(
        tree.a1a, tree.ent_a, {M.PROFESSIONAL: 176, M.UNIT_LOGISTICS: 482, M.BASIC_CLEANING: 166, M.UNMANAGED: 291}
    )
    report = coverage_for_user(users.city)
    overall = report.overall
    assert overall.total == 1115
    assert overall.share(M.PROFESSIONAL) == Decimal("15.78")
    assert overall.share(M.UNIT_LOGISTICS) == Decimal("43.23")
    assert overall.share(M.BASIC_CLEANING) == Decimal("14.89")
    assert overall.share(M.UNMANAGED) == Decimal("26.10")
    assert overall.professional_coverage == Decimal("15.78")
    assert overall.managed_coverage == Decimal("73.90")  # (1115 - 291) / 1115


def test_s4_professional_coverage():
    """[S4]: 1690 of 3372 projects under professional management = 50.1%."""
    assert percentage(1690, 3372) == Decimal("50.12")


def test_drill_down_splits_by_child_region_in_one_query(tree, users, django_assert_num_queries):
    make_projects(tree.b1a, tree.ent_b, {M.UNMANAGED: 3, M.UNIT_LOGISTICS: 1})
    # A project registered directly on the street still counts for the district.
    ProjectFactory(region=tree.a1, management_mode=M.BASIC_CLEANING)
    with django_assert_num_queries(2):  # the child regions, then one grouped count
        report = coverage_for_user(users.city)
    by_code = {c.region.code: c for c in report.children}
    assert report.region == tree.city
    assert set(by_code) == {tree.a.code, tree.b.code}
    assert by_code[tree.a.code].total == 2 and by_code[tree.a.code].counts[M.BASIC_CLEANING] == 1
    assert by_code[tree.b.code].total == 5
    assert by_code[tree.b.code].professional_coverage == Decimal("20.00")
    assert by_code[tree.b.code].managed_coverage == Decimal("40.00")
    assert report.overall.total == 7


def test_district_officer_sees_only_their_district(tree, users):
    report = coverage_for_user(users.district_a)
    assert report.region == tree.a
    assert [c.region for c in report.children] == [tree.a1]
    assert report.overall.total == 1


def test_empty_region_has_no_shares(tree, users):
    Project.objects.all().delete()
    report = coverage_for_user(users.district_a)
    assert report.overall.total == 0
    assert report.overall.professional_coverage is None


def test_coverage_follows_the_projects(tree, users):
    """Shares are computed from the projects, never stored: a change shows at once."""
    before = coverage_for_user(users.district_a).overall.professional_coverage
    Project.objects.filter(pk=tree.project_a.pk).update(management_mode=M.UNMANAGED, enterprise=None)
    after = coverage_for_user(users.district_a).overall
    assert before == Decimal("100.00") and after.professional_coverage == Decimal("0.00")
    assert after.managed_coverage == Decimal("0.00")


@pytest.mark.parametrize("region_attr,expected_total", [("a", 1), ("b", 1), ("city", 2)])
def test_coverage_page_and_api_agree(region_attr, expected_total, tree, users, client_for):
    code = getattr(tree, region_attr).code
    c = client_for(users.admin)
    data = c.get(f"/api/v1/coverage/?region={code}").json()
    assert data["overall"]["total"] == expected_total
    page = c.get(f"/registry/coverage/?region={code}")
    assert page.status_code == 200
    assert page.context["report"].overall.total == expected_total


def test_professional_project_requires_enterprise(tree):
    from django.core.exceptions import ValidationError

    p = ProjectFactory.build(region=tree.a1a, management_mode=M.PROFESSIONAL, enterprise=None, code="P-X1")
    with pytest.raises(ValidationError) as exc:
        p.full_clean()
    assert "enterprise" in exc.value.message_dict


def test_coverage_counts_link_to_the_projects_and_the_table_exports(tree, users, client_for):
    import io

    import openpyxl

    client = client_for(users.city)
    html = client.get(f"/registry/coverage/?region={tree.a.code}").content.decode()
    assert f"/registry/projects/?region={tree.a1.code}&amp;management_mode=professional" in html
    listed = client.get(f"/registry/projects/?region={tree.a1.code}&management_mode=professional")
    assert [p.pk for p in listed.context["object_list"]] == [tree.project_a.pk]
    response = client.get(f"/registry/coverage/?region={tree.a.code}&export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("区域代码", "区域", "项目总数")
    assert (rows[1][0], rows[1][2]) == (tree.a.code, 1) and (rows[2][0], rows[2][2]) == (tree.a1.code, 1)
    assert client_for(users.district_b).get(f"/registry/coverage/?region={tree.a.code}&export=xlsx").status_code == 404
