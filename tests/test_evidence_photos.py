"""Photos of inspections and rectification answers are served to those who may see the
inspection or the order, and to nobody else (issue 10, item 7)."""

from django.test import Client

from accounts.choices import Role
from core.photos import clean_images
from inspections import draws, rectification
from inspections import workflow as inspection_workflow
from inspections.demo_standard import install_demo_standard
from inspections.models import Draw, Photo, StandardItem

from .factories import UserFactory
from .test_complaint_public import jpeg


def _answered_order(tree, users):
    order = rectification.issue(project=tree.project_a, source="other", issue="门禁损坏", days=3, actor=users.city)
    return rectification.answer(order, actor=users.ent_a, text="已修复", images=clean_images([jpeg()]))


def _inspection_with_a_photo(tree, users):
    standard = install_demo_standard()
    inspectors = [UserFactory(role=Role.DISTRICT_OFFICER, region=tree.a) for _ in range(2)]
    draw = Draw.objects.create(
        name="抽查", region=tree.a, project_count=1, inspectors_per_project=2, created_by=users.district_a
    )
    draw.inspector_pool.set(inspectors)
    inspection = inspection_workflow.create_for_draw(draws.execute(draw, actor=users.district_a), standard=standard)[0]
    lead = next(u for u in inspectors if u.pk == draw.results.get().inspectors[0])
    item = StandardItem.objects.filter(category__standard=standard, code="06.02").get()
    inspection_workflow.deduct(
        inspection, actor=lead, item=item, points=1, reason="消防通道堆物", rectify=False, images=clean_images([jpeg()])
    )
    return inspection


def test_rectification_photos_are_served_within_scope_only(tree, users, client_for):
    order = _answered_order(tree, users)
    photo = Photo.objects.get(order=order)
    url = f"/supervision/photos/{photo.pk}/"
    for user in (users.district_a, users.street_a, users.city, users.ent_a, users.admin):
        response = client_for(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    for user in (users.district_b, users.ent_b):
        assert client_for(user).get(url).status_code == 404, user
    assert Client().get(url).status_code == 404
    assert client_for(users.district_a).get("/supervision/photos/999999/").status_code == 404
    assert url in client_for(users.district_a).get(f"/supervision/orders/{order.pk}/").content.decode()


def test_inspection_photos_are_served_within_scope_only(tree, users, client_for):
    inspection = _inspection_with_a_photo(tree, users)
    photo = Photo.objects.get(deduction__inspection=inspection)
    url = f"/supervision/photos/{photo.pk}/"
    assert client_for(users.district_a).get(url).status_code == 200
    assert client_for(users.district_b).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert url in client_for(users.district_a).get(f"/supervision/inspections/{inspection.pk}/").content.decode()
