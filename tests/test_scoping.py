"""Role × URL → expected status, for every page and endpoint that exists.

Objects of district A are used throughout: district B's officer must get 404 (not 403, not
data) for them; enterprise B's user likewise. 302 is the login redirect for anonymous users;
403 means the page is not for that role at all.
"""

import pytest

from accounts.choices import Role
from enterprises.choices import ChangeRequestStatus
from enterprises.models import ProfileChangeRequest

from .test_funds_pages import TABLE as FUNDS_TABLE  # the funds pages have their own table
from .test_owners_pages import TABLE as OWNERS_TABLE  # the owners' pages have their own table

ROLES = ["anon", "admin", "city", "district_a", "district_b", "street_a", "community_a", "police", "ent_a", "ent_b"]


def row(url, *statuses):
    assert len(statuses) == len(ROLES)
    return pytest.param(url, dict(zip(ROLES, statuses, strict=True)), id=url)


# An aligned table (one row per URL, one column per role): the formatter leaves it as it is.
# fmt: off
#                                                  anon admin city  dA   dB   stA  coA  pol  entA entB
TABLE = [
    row("/",                                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/search/?q=阳光",                           200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/compound/{project_a.code}/",              200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/directory/",                              200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/directory/{ent_a.uscc}/",                 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/workbench/",                              302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/registry/regions/",                       302, 200, 200, 200, 200, 200, 200, 200, 403, 403),
    row("/registry/regions/{a.code}/",              302, 200, 200, 200, 404, 404, 404, 200, 403, 403),
    row("/registry/regions/{a1a.code}/",            302, 200, 200, 200, 404, 200, 200, 200, 403, 403),
    row("/registry/regions/?export=xlsx",           302, 200, 200, 200, 200, 200, 200, 200, 403, 403),
    row("/registry/regions/import/",                302, 200, 200, 200, 200, 403, 403, 403, 403, 403),
    row("/registry/coverage/",                      302, 200, 200, 200, 200, 200, 200, 200, 403, 403),
    row("/registry/coverage/?region={a.code}",      302, 200, 200, 200, 404, 404, 404, 200, 403, 403),
    row("/registry/projects/",                      302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/registry/projects/?export=xlsx",          302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/registry/projects/{project_a.pk}/",       302, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/registry/projects/import/",               302, 200, 200, 200, 200, 403, 403, 403, 403, 403),
    row("/enterprises/",                            302, 200, 200, 200, 200, 200, 200, 200, 403, 403),
    row("/enterprises/?export=xlsx",                302, 200, 200, 200, 200, 200, 200, 200, 403, 403),
    row("/enterprises/{ent_a.pk}/",                 302, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/enterprises/import/",                     302, 200, 200, 200, 200, 403, 403, 403, 403, 403),
    row("/enterprises/mine/",                       302, 403, 403, 403, 403, 403, 403, 403, 302, 302),
    row("/enterprises/{ent_a.pk}/change/",          302, 403, 403, 403, 403, 403, 403, 403, 200, 404),
    row("/enterprises/changes/",                    302, 200, 200, 200, 200, 403, 403, 403, 200, 200),
    row("/enterprises/changes/{change.pk}/",        302, 200, 200, 200, 404, 403, 403, 403, 200, 404),
    row("/enterprises/changes/attachments/{change_file.pk}/", 302, 200, 200, 200, 404, 403, 403, 403, 200, 404),
    row("/api/v1/regions/{a.code}/",                401, 200, 200, 200, 404, 404, 404, 200, 404, 404),
    row("/api/v1/projects/{project_a.pk}/",         401, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/api/v1/enterprises/{ent_a.pk}/",          401, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/api/v1/regions/",                         401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/projects/",                        401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/enterprises/",                     401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/coverage/",                        401, 200, 200, 200, 200, 200, 200, 200, 403, 403),
    row("/api/v1/coverage/?region={a.code}",        401, 200, 200, 200, 404, 404, 404, 200, 403, 403),
    row("/api/v1/schema/",                          200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/docs/",                            200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/redoc/",                           200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/complaints/",                             302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/complaints/?export=xlsx",                 302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/complaints/{complaint.pk}/",              302, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/complaints/new/",                         302, 200, 200, 200, 200, 200, 200, 403, 403, 403),
    row("/complaints/import/",                      302, 200, 200, 200, 200, 403, 403, 403, 403, 403),
    row("/inbox/",                       302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/accounts/exports/",                       302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/accounts/exports/{export.pk}/download/",  302, 200, 404, 200, 404, 404, 404, 404, 404, 404),
    row("/complaint/new/",                          200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/complaint/projects/?q=阳光",               200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/complaint/track/",                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/complaint/track/{complaint.tracking_code}/", 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/complaint/done/{complaint.tracking_code}/",  404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    row("/complaint/photo/{photo.pk}/",             404, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/api/v1/complaints/",                      401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/complaints/{complaint.pk}/",       401, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/api/v1/complaints/{complaint.pk}/events/", 401, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/api/v1/complaints/{complaint.pk}/duplicates/", 401, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/api/v1/categories/",                      401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/channel/tickets/{complaint.tracking_code}/", 401, 401, 401, 401, 401, 401, 401, 401, 401, 401),
    row("/inspections/draws/",                      200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/inspections/draws/{draw.pk}/",            200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/inspections/draws/{draw.pk}/data.json",   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/supervision/standards/",                  302, 200, 200, 200, 200, 200, 200, 200, 403, 403),
    row("/supervision/standards/{work.standard.pk}/", 302, 200, 200, 200, 200, 200, 200, 200, 403, 403),
    row("/supervision/draws/",                      302, 200, 200, 200, 200, 200, 200, 200, 403, 403),
    row("/supervision/draws/new/",                  302, 200, 200, 200, 200, 403, 403, 403, 403, 403),
    row("/supervision/draws/{work.draw.pk}/",       302, 200, 200, 200, 404, 200, 200, 404, 403, 403),
    row("/supervision/inspections/",                302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/supervision/inspections/{work.inspection.pk}/", 302, 200, 200, 200, 404, 200, 200, 404, 404, 404),
    row("/supervision/orders/",                     302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/supervision/orders/?export=xlsx",         302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/supervision/orders/new/",                 302, 200, 200, 200, 200, 200, 200, 403, 403, 403),
    row("/supervision/orders/{work.order.pk}/",     302, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/supervision/photos/{work.photo.pk}/",     404, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/supervision/summons/",                    302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/supervision/summons/new/",                302, 200, 200, 200, 200, 403, 403, 403, 403, 403),
    row("/supervision/summons/{work.summons.pk}/",  302, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/supervision/summons/attachments/{work.summons_file.pk}/", 404, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/supervision/inspections/mine/",           302, 200, 200, 200, 200, 200, 200, 403, 403, 403),
    row("/supervision/reports/",                    302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/supervision/reports/{work.report.pk}/",   302, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/api/v1/standards/",                       401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/draws/{work.draw.pk}/",            401, 200, 200, 200, 404, 200, 200, 404, 404, 404),
    row("/api/v1/inspections/{work.inspection.pk}/", 401, 200, 200, 200, 404, 200, 200, 404, 404, 404),
    row("/api/v1/rectification-orders/{work.order.pk}/", 401, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/api/v1/self-reports/{work.report.pk}/",   401, 200, 200, 200, 404, 200, 200, 404, 200, 404),
    row("/api/v1/summons/",                         401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/",                                302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/{scores.run.pk}/projects/",       302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/{scores.run.pk}/projects/?export=xlsx", 302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/{scores.run.pk}/enterprises/",    302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/project-scores/{scores.project_a.pk}/", 302, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/ratings/enterprise-scores/{scores.ent_a.pk}/",  302, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/ratings/schemes/",                        302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/{scores.run.pk}/lists/",          302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/lists/{scores.edition.pk}/",      302, 200, 200, 200, 404, 404, 404, 404, 404, 404),
    row("/favicon.ico",                             301, 301, 301, 301, 301, 301, 301, 301, 301, 301),
    row("/lists/",                                  200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/lists/{scores.edition.pk}/",              404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    row("/ratings/credit/{ent_a.pk}/",              302, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/credit/?q=市中",                          200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/credit/{ent_a.uscc}/",                    200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/pickers/region/?q=市",                    302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/pickers/martian/",                        302, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    row("/accounts/password/",                      302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/accounts/staff/",                         302, 200, 200, 200, 200, 403, 403, 403, 403, 403),
    row("/accounts/staff/new/",                     302, 200, 200, 200, 200, 403, 403, 403, 403, 403),
    row("/accounts/staff/{staff_a.pk}/",            302, 200, 200, 200, 404, 403, 403, 403, 403, 403),
    row("/accounts/staff/{staff_a.pk}/password/",   302, 200, 200, 200, 404, 403, 403, 403, 403, 403),
    row("/ratings/{scores.run.pk}/objections/",     302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/objection-photos/{objection_photo.pk}/", 302, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/ratings/stars/",                          302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/stars/{star.pk}/",                302, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/ratings/street/",                         302, 200, 403, 403, 403, 200, 403, 403, 403, 403),
    row("/ratings/schemes/{scores.run.scheme_id}/", 302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/scoring-schemes/",                 401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/scoring-schemes/{scores.run.scheme_id}/", 401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/scoring-runs/",                    401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/scoring-runs/{scores.run.pk}/",    401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/project-scores/",                  401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/project-scores/{scores.project_a.pk}/", 401, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/api/v1/enterprise-scores/",               401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/enterprise-scores/{scores.ent_a.pk}/", 401, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/ratings/stars/?export=xlsx",              302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/list-entries/",                   302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/list-entries/?export=xlsx",       302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/credit-records/",                 302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/credit-records/?export=xlsx",     302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/honours/",                        302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/honours/?export=xlsx",            302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/ratings/honours/nominate/",               302, 200, 200, 200, 200, 403, 403, 403, 200, 200),
    row("/ratings/honours/{honour.pk}/",            302, 200, 200, 200, 404, 404, 404, 200, 200, 404),
    row("/api/v1/red-black-lists/",                 401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/red-black-lists/{scores.edition.pk}/", 401, 200, 200, 200, 404, 404, 404, 404, 404, 404),
    row("/api/v1/star-ratings/",                    401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/star-ratings/{star.pk}/",          401, 200, 200, 200, 404, 200, 200, 200, 200, 404),
    row("/api/v1/credit-records/",                  401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/honours/",                         401, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/honours/{honour.pk}/",             401, 200, 200, 200, 404, 404, 404, 200, 200, 404),
    row("/dashboards/",                             302, 200, 200, 200, 200, 200, 200, 302, 302, 302),
    row("/dashboards/?region={a.code}",             302, 200, 200, 200, 404, 404, 404, 302, 302, 302),
    row("/dashboards/?region={a.code}&export=children", 302, 200, 200, 200, 404, 404, 404, 302, 302, 302),
    row("/dashboards/enterprise/",                  302, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    row("/dashboards/department/",                  302, 403, 403, 403, 403, 403, 403, 200, 403, 403),
    row("/dashboards/league/",                      302, 200, 200, 200, 200, 200, 200, 403, 403, 403),
    row("/dashboards/league/?region={a.code}",      302, 200, 200, 200, 404, 404, 404, 403, 403, 403),
    row("/dashboards/bulletins/",                   302, 200, 200, 200, 200, 200, 200, 200, 403, 403),
    row("/dashboards/bulletins/{bulletin.pk}/",     302, 200, 200, 200, 404, 200, 200, 200, 403, 403),
    row("/dashboards/bulletins/{bulletin.pk}/bulletin.docx", 302, 200, 200, 200, 404, 200, 200, 200, 403, 403),
    row("/dashboards/bulletins/{bulletin.pk}/chart.png", 302, 200, 200, 200, 404, 200, 200, 200, 403, 403),
    row("/api/v1/statistics/complaints/",           401, 200, 200, 200, 200, 200, 200, 403, 403, 403),
    row("/api/v1/statistics/complaints/?region={a.code}", 401, 200, 200, 200, 404, 404, 404, 403, 403, 403),
    row("/api/v1/open-data/",                       200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/api/v1/open-data/complaints-monthly/",    200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/statistics/",                             200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/open-data/",                              200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/open-data/complaints-monthly.csv",        200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("/admin/",                                  302, 200, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/admin/projects/project/",                 302, 200, 302, 302, 302, 302, 302, 302, 302, 302),
    row("/admin/enterprises/enterprise/{ent_a.pk}/change/", 302, 200, 302, 302, 302, 302, 302, 302, 302, 302),
]
# fmt: on


@pytest.fixture
def pending_change(tree, users):
    return ProfileChangeRequest.objects.create(
        enterprise=tree.ent_a, requested_by=users.ent_a, changes={"phone": "0531-12345678"}
    )


@pytest.fixture
def change_file(pending_change, users):
    """A supporting document filed with enterprise A's pending change request."""
    from enterprises.models import ChangeRequestAttachment

    (row,) = ChangeRequestAttachment.store(_summons_file(), change=pending_change, uploaded_by=users.ent_a)
    return row


@pytest.fixture
def complaint(tree, users):
    from complaints import workflow

    from .factories import make_complaint

    c = make_complaint(tree.project_a)
    return workflow.assign(workflow.accept(c, actor=users.city), actor=users.city, to=tree.ent_a)


@pytest.fixture
def photo(complaint):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from complaints.models import Attachment
    from core.photos import clean_images

    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    return Attachment.store(
        clean_images([SimpleUploadedFile("a.png", buf.getvalue())]), complaint=complaint, kind="complaint"
    )[0]


@pytest.fixture
def draw(tree, users):
    from inspections.draws import execute
    from inspections.models import Draw

    draw = Draw.objects.create(name="抽查", region=tree.city, project_count=1, created_by=users.city)
    draw.inspector_pool.set([users.city, users.district_a])
    return execute(draw, actor=users.city)


@pytest.fixture
def work(tree, users):
    """A standard, a draw in district A with its inspection, an order and a self-report."""
    from types import SimpleNamespace

    from inspections import rectification, selfreports, workflow
    from inspections.demo_standard import install_demo_standard
    from inspections.models import Draw, SelfReport

    standard = install_demo_standard()
    draw = Draw.objects.create(name="区抽查", region=tree.a, project_count=1, created_by=users.district_a)
    draw.inspector_pool.set([users.district_a, users.street_a])
    from inspections.draws import execute

    execute(draw, actor=users.district_a)
    (inspection,) = workflow.create_for_draw(draw)
    order = rectification.issue(
        project=tree.project_a, source="other", issue="楼道堆物", days=5, actor=users.district_a
    )
    selfreports.generate(2026, 3)
    report = SelfReport.objects.get(project=tree.project_a)
    photo = _evidence_photo(order)
    summons = rectification.record_summons(
        enterprise=tree.ent_a,
        person="王总",
        held_on="2026-11-20",
        reason="投诉集中",
        outcome="",
        actor=users.district_a,
        attachments=_summons_file(),
    )
    return SimpleNamespace(
        standard=standard,
        draw=draw,
        inspection=inspection,
        order=order,
        report=report,
        photo=photo,
        summons=summons,
        summons_file=summons.attachments.get(),
    )


def _summons_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.attachments import clean_attachments

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return clean_attachments([SimpleUploadedFile("约谈笔录.pdf", pdf, content_type="application/pdf")])


def _evidence_photo(order):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from core.photos import clean_images
    from inspections.models import Photo

    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    Photo.store(clean_images([SimpleUploadedFile("e.png", buf.getvalue())]), order=order)
    return Photo.objects.get(order=order)


@pytest.fixture
def export(users):
    """District A's officer's finished background export."""
    from django.core.files.base import ContentFile

    from core.choices import ExportStatus
    from core.models import Export

    export = Export.objects.create(
        user=users.district_a,
        name="投诉工单",
        view="complaints.views.ComplaintListView",
        status=ExportStatus.DONE,
        rows=1,
    )
    export.file.save("export.xlsx", ContentFile(b"PK"), save=True)
    return export


@pytest.fixture
def scores(tree, complaint):
    """A computed (draft) quarter with the scores of project A and enterprise A."""
    from types import SimpleNamespace

    from core.quarters import Quarter
    from ratings import jobs, lists
    from ratings.models import EnterpriseScore, ProjectScore

    from .factories import UserFactory

    run = jobs.run_all(jobs.start(Quarter.last_closed(), enqueue=False))
    officer = tree.a.users.first() or UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a)
    return SimpleNamespace(
        run=run,
        edition=lists.generate(run, tree.a, "project", actor=officer),
        project_a=ProjectScore.objects.get(run=run, project=tree.project_a),
        ent_a=EnterpriseScore.objects.get(run=run, enterprise=tree.ent_a),
    )


@pytest.fixture
def star(tree, users):
    """Enterprise A's application for a star level."""
    from ratings import stars

    return stars.apply(tree.ent_a, 2025, 3, actor=users.ent_a)


@pytest.fixture
def honour(tree, users):
    """Enterprise A's nomination of one of its staff in district A."""
    from ratings import honours

    return honours.nominate(
        kind="service_star",
        year=2025,
        region=tree.a,
        enterprise=tree.ent_a,
        person="王师傅",
        merits="维修及时",
        actor=users.ent_a,
    )


@pytest.fixture
def bulletin(tree):
    import datetime as dt

    from dashboards import bulletins

    return bulletins.generate(tree.a, dt.date(2026, 11, 2))


@pytest.fixture
def open_data(tree):
    from dashboards import opendata

    opendata.regenerate(["complaints-monthly"])


@pytest.fixture
def objection_photo(scores, users):
    """Enterprise A's objection to its draft score, with a photo."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from core.photos import clean_images
    from ratings import objections

    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    images = clean_images([SimpleUploadedFile("o.png", buf.getvalue())])
    return objections.file(scores.ent_a, actor=users.ent_a, reason="扣分有误", images=images).photos.get()


@pytest.mark.parametrize("url,expected", TABLE)
def test_role_url_status(
    url,
    expected,
    tree,
    users,
    pending_change,
    complaint,
    photo,
    draw,
    work,
    export,
    scores,
    star,
    objection_photo,
    honour,
    change_file,
    bulletin,
    open_data,
    client_for,
):
    url = url.format(
        change=pending_change,
        complaint=complaint,
        photo=photo,
        draw=draw,
        work=work,
        export=export,
        scores=scores,
        star=star,
        objection_photo=objection_photo,
        honour=honour,
        change_file=change_file,
        bulletin=bulletin,
        staff_a=users.street_a,
        **vars(tree),
    )
    for role, status in expected.items():
        user = None if role == "anon" else getattr(users, role)
        response = client_for(user).get(url)
        assert response.status_code == status, f"{role} GET {url}: {response.status_code}, expected {status}"


def test_every_url_is_in_the_table():
    """A new page or endpoint must be added to the table above."""
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    ours = {
        u
        for u in walk(get_resolver().url_patterns)
        if not u.startswith(("admin/", "i18n/", "captcha/")) and "format" not in u and not u.endswith("$")
    }
    covered = {p.values[0].split("?")[0] for p in TABLE + OWNERS_TABLE + FUNDS_TABLE}
    # Write-only endpoints (POST) are tested in their own modules.
    post_only = {
        "accounts/login/",
        "accounts/logout/",
        "api/v1/token/",
        "enterprises/changes/<int:pk>/<str:action>/",
        "complaints/bulk-assign/",
        "inbox/read/",
        "complaints/<int:pk>/phone/",
        "complaints/<int:pk>/tracking-code/",
        "complaints/<int:pk>/<str:action>/",
        "complaint/track/<str:code>/supplement/",
        "complaint/track/<str:code>/reopen/",
        "complaint/track/<str:code>/feedback-link/",
        "complaint/rate/<str:token>/",
        "api/channel/tickets/",
        "supervision/standards/<int:pk>/<str:action>/",
        "supervision/draws/<int:pk>/<str:action>/",
        "supervision/inspections/<int:pk>/<str:action>/",
        "supervision/orders/<int:pk>/<str:action>/",
        "supervision/reports/<int:pk>/<str:action>/",
        "supervision/summons/<int:pk>/<str:action>/",
        "ratings/start/",
        "ratings/<int:pk>/publish/",
        "ratings/schemes/<int:pk>/<str:action>/",
        "ratings/lists/<int:pk>/<str:action>/",
        "ratings/stars/<int:pk>/<str:action>/",
        "ratings/objections/<int:pk>/<str:action>/",
        "ratings/enterprise-scores/<int:pk>/objection/",
        "ratings/project-scores/<int:pk>/objection/",
        "ratings/honours/<int:pk>/<str:action>/",
        "dashboards/league/funding/",
        "dashboards/bulletins/generate/",
        "dashboards/bulletins/<int:pk>/publish/",
        "accounts/staff/<int:pk>/<str:action>/",
        # tests/test_owners_hostile.py WRITES (every action slug, all roles and the resident owner)
        "self-governance/votes/<int:pk>/<slug:action>/",
        "owner/code/",
        "owner/sign-out/",
        "owner/votes/<int:pk>/object/",
        "self-governance/committees/start/",
        "self-governance/committees/<int:pk>/<slug:action>/",
        # tests/test_funds_hostile.py WRITES (every action slug, all roles and the resident owner)
        "funds/projects/<int:pk>/<slug:action>/",
        "funds/uses/<int:pk>/<slug:action>/",
        "funds/revenue/<int:pk>/<slug:action>/",
        "owner/funds/revenue/<int:pk>/object/",
        "funds/rates/<int:pk>/withdraw/",
        "ratings/<int:pk>/review/",
        "dashboards/bulletins/<int:pk>/review/",  # tests/test_publication.py
    }

    def as_pattern(url):
        import re

        url = url.lstrip("/").split("?")[0]
        url = re.sub(r"open-data/[a-z-]+", "open-data/<slug:key>", url)
        url = re.sub(r"\{[a-z_]+\.pk\}", "<int:pk>", url)
        url = re.sub(r"\{work\.[a-z_]+\.pk\}", "<int:pk>", url)
        url = re.sub(r"\{scores\.[a-z_.]+\}", "<int:pk>", url)
        url = re.sub(r"^pickers/[a-z]+/", "pickers/<str:X>/", url)
        return re.sub(r"\{[a-z_0-9]+\.(code|uscc|tracking_code)\}", "<str:X>", url)

    normalised_covered = {as_pattern(u) for u in covered}
    missing = []
    for pattern in ours:
        generic = pattern
        for name in ("code", "uscc", "ticket_no", "name"):
            generic = generic.replace(f"<str:{name}>", "<str:X>")
        if pattern in post_only or generic in normalised_covered:
            continue
        if pattern.startswith("api/v1/") and pattern.rstrip("/").count("/") <= 1:
            continue  # the router's API root
        missing.append(pattern)
    assert not missing, f"URLs without a scoping row: {missing}"


@pytest.mark.parametrize(
    "url",
    [
        "/registry/projects/?region={b.code}",
        "/registry/projects/?q={project_b.name}",
        "/registry/projects/?enterprise={ent_b.pk}",
        "/registry/projects/?export=xlsx&region={b.code}",
        "/enterprises/?q={ent_b.uscc}",
        "/api/v1/projects/?region={b.code}",
        "/api/v1/projects/?enterprise_uscc={ent_b.uscc}",
        "/api/v1/enterprises/?q={ent_b.name}",
        "/api/v1/regions/?within={b.code}",
    ],
)
def test_filters_do_not_leak_other_district(url, tree, users, client_for):
    """District A's officer filtering for district B's objects gets nothing of B."""
    from urllib.parse import parse_qsl, urlsplit

    url = url.format(**vars(tree))
    response = client_for(users.district_a).get(url)
    assert response.status_code == 200
    body = response.content.decode("utf-8", errors="ignore") if "xlsx" not in url else _xlsx_text(response)
    for _key, echoed in parse_qsl(urlsplit(url).query):
        body = body.replace(echoed, "")  # the filter form shows what was typed; that is no leak
    for secret in (tree.project_b.name, tree.project_b.address, tree.ent_b.uscc, tree.ent_b.name, tree.b1a.code):
        assert secret not in body


def _xlsx_text(response):
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(str(c) for r in wb.worksheets[0].iter_rows(values_only=True) for c in r if c is not None)


def test_export_contains_exactly_the_scoped_rows(tree, users, client_for):
    text = _xlsx_text(client_for(users.district_a).get("/registry/projects/?export=xlsx"))
    assert tree.project_a.code in text and tree.project_b.code not in text
    text = _xlsx_text(client_for(users.city).get("/registry/projects/?export=xlsx"))
    assert tree.project_a.code in text and tree.project_b.code in text


def test_enterprise_registered_elsewhere_is_visible_where_it_manages(tree, users):
    """District A supervises an enterprise of district B once it manages a project in A."""
    from enterprises.models import Enterprise

    from .factories import ProjectFactory

    assert not Enterprise.objects.visible_to(users.district_a).filter(pk=tree.ent_b.pk).exists()
    ProjectFactory(region=tree.a1a, enterprise=tree.ent_b)
    assert Enterprise.objects.visible_to(users.district_a).filter(pk=tree.ent_b.pk).exists()


def test_visible_to_blocks_by_default(tree, users):
    from django.contrib.auth.models import AnonymousUser

    from enterprises.models import Enterprise
    from projects.models import Project
    from regions.models import Region

    inactive = users.district_a
    inactive.is_active = False
    for model in (Region, Project, Enterprise, ProfileChangeRequest):
        assert not model.objects.visible_to(AnonymousUser()).exists()
        assert not model.objects.visible_to(None).exists()
        assert not model.objects.visible_to(inactive).exists()
    homeless = users.street_a
    homeless.region = None
    homeless.__dict__.pop("region_path", None)
    assert homeless.role == Role.STREET_OFFICER
    assert not Project.objects.visible_to(homeless).exists()


def test_change_request_status_choices_are_used(pending_change):
    assert pending_change.status == ChangeRequestStatus.PENDING


@pytest.mark.parametrize(
    "url,role,present,absent",
    [
        ("/registry/projects/", "district_a", "project_a.code", "project_b.code"),
        ("/enterprises/", "district_a", "ent_a.uscc", "ent_b.uscc"),
        ("/registry/regions/", "city", "city.code", "a1a.code"),  # the top of their tree first
        ("/complaints/", "ent_a", "complaint.work_order_no", "complaint.tracking_code"),
        ("/registry/projects/?management_mode=martian", "city", None, "project_a.code"),
    ],
)
def test_list_pages_show_the_scoped_rows(url, role, present, absent, tree, users, complaint, client_for):
    """Unfiltered lists show what the user may see; an invalid filter shows nothing."""

    def value(dotted):
        name, attr = dotted.split(".")
        return str(getattr(complaint if name == "complaint" else getattr(tree, name), attr))

    html = client_for(getattr(users, role)).get(url).content.decode()
    if present:
        assert value(present) in html
    if absent:
        assert value(absent) not in html
