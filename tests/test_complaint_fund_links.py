"""Complaints about the maintenance fund (维修资金) or the public revenue (公共收益) link to the
project's fund page: the staff's page for the officer and the enterprise, the public page's fund
panel for the resident and for a department that has no fund pages; other categories do not."""

import pytest
from django.urls import reverse

from complaints import workflow

from .factories import make_complaint
from .fund_rolls import roll_with_account
from .test_complaint_outcome import track


def staff_page(project):
    return reverse("funds:project", args=[project.pk])


def public_panel(project):
    return f"/compound/{project.code}/#funds"


@pytest.mark.parametrize("code", ["maintenance_fund", "public_revenue"])
def test_officer_and_enterprise_are_sent_to_the_staff_fund_page(tree, users, client_for, code):
    complaint = make_complaint(tree.project_a, category_code=code)
    complaint = workflow.assign(
        workflow.accept(complaint, actor=users.district_a), actor=users.district_a, to=tree.ent_a
    )
    for user in (users.district_a, users.street_a, users.ent_a):
        html = client_for(user).get(f"/complaints/{complaint.pk}/").content.decode()
        assert f'href="{staff_page(tree.project_a)}"' in html, user


def test_resident_is_sent_to_the_public_fund_panel(tree, users, client):
    roll_with_account(tree.project_a, ["90", "110"], users.district_a)
    complaint = make_complaint(tree.project_a, category_code="maintenance_fund")
    assert f'href="{public_panel(tree.project_a)}"' in track(client, complaint)
    # The public page's fund panel carries the anchor the link points to.
    assert 'id="funds"' in client.get(f"/compound/{tree.project_a.code}/").content.decode()


def test_other_categories_have_no_fund_link(tree, users, client, client_for):
    complaint = make_complaint(tree.project_a, category_code="cleaning")
    assert "#funds" not in track(client, complaint)
    html = client_for(users.district_a).get(f"/complaints/{complaint.pk}/").content.decode()
    assert staff_page(tree.project_a) not in html


def test_a_subcategory_of_the_fund_counts_as_the_fund(tree, users, client_for):
    from complaints.models import Category

    parent = Category.objects.get(code="maintenance_fund")
    Category.objects.create(code="fund_use_refused", name="维修资金使用申请被拒", parent=parent)
    complaint = make_complaint(tree.project_a, category_code="fund_use_refused")
    html = client_for(users.district_a).get(f"/complaints/{complaint.pk}/").content.decode()
    assert f'href="{staff_page(tree.project_a)}"' in html
