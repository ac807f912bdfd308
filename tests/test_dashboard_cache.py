"""The region dashboard's statistics are cached under the roll-up's last finish: a page view
between two roll-ups reads no statistics table, and the next roll-up shows on the next view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import rollup

from .factories import make_complaint


def _received(client) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/dashboards/")
    assert response.status_code == 200
    return response.context["counts"]["received"], [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
def test_dashboard_statistics_are_cached_until_the_next_roll_up(tree, users, client_for):
    make_complaint(tree.project_a)
    rollup.run()
    client = client_for(users.city)
    assert _received(client)[0] == 1
    make_complaint(tree.project_b)  # not rolled up yet: the tables, and so the page, still say 1
    received, queries = _received(client)
    assert received == 1
    assert not [q for q in queries if "dashboards_regionmonthly" in q or "dashboards_projectmonthly" in q]
    rollup.run()
    assert _received(client)[0] == 2
    assert _received(client_for(users.district_b))[0] == 1  # the district's own figures, not the city's


@pytest.mark.django_db
def test_dashboard_renders_its_region_sections_once_per_roll_up(tree, users, client_for):
    """Between two roll-ups a view reads neither the statistics tables nor projects (coverage) nor
    scores (ratings) nor orders nor the region tree (breadcrumb) nor committees, votes, funds
    and revenue postings (self-governance): the rendered sections are cached. What is left: the
    session, the user, the roll-up's stamp and the region."""
    make_complaint(tree.project_a)
    rollup.run()
    client = client_for(users.city)
    first = client.get("/dashboards/")
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/dashboards/")
    assert again.context["statistics_html"] == first.context["statistics_html"]
    tables = (
        "dashboards_regionmonthly",
        "projects_project",
        "ratings_projectscore",
        "ratings_listedition",
        "inspections_rectificationorder",
        "inspections_inspection",
        "notifications_notification",
        # the self-governance sections (dashboards.governance)
        "owners_committee",
        "owners_vote",
        "owners_matterresult",
        "funds_fundaccount",
        "funds_ledgerentry",
        "funds_funduse",
        "funds_revenueposting",
    )
    queries = [q["sql"] for q in ctx.captured_queries]
    assert not [sql for sql in queries if any(t in sql for t in tables)]
    assert len(queries) <= 4, queries


@pytest.mark.django_db
def test_the_open_orders_card_follows_the_next_roll_up(tree, users, client_for):
    from inspections import rectification

    rollup.run()
    client = client_for(users.city)
    assert client.get("/dashboards/").context["orders"]["open"] == 0
    rectification.issue(project=tree.project_a, source="other", actor=users.city, days=5, issue="消防通道堵塞")
    assert client.get("/dashboards/").context["orders"]["open"] == 0  # as of the last roll-up, as the page says
    rollup.run()
    page = client.get("/dashboards/")
    assert page.context["orders"]["open"] == 1
    assert "未销号 1 单" in page.content.decode()


@pytest.mark.django_db
def test_menu_counts_are_kept_briefly_and_forgotten_when_the_user_reads_the_inbox(tree, users, client_for):
    from core.menu import badges
    from notifications.choices import NotificationChannel
    from notifications.models import Notification

    def unread():
        return badges(users.city)["notifications:inbox"]

    assert unread() == 0
    Notification.objects.create(channel=NotificationChannel.INBOX, recipient=users.city, subject="新投诉", body="…")
    assert unread() == 0  # counted a moment ago: shown within BADGE_SECONDS
    from django.core.cache import cache

    cache.clear()
    assert unread() == 1
    client = client_for(users.city)
    assert client.post("/inbox/read/").status_code == 302
    assert unread() == 0  # the user's own action shows at once


@pytest.mark.django_db
def test_cached_region_sections_are_the_same_for_every_officer_who_may_see_the_region(tree, users, client_for):
    """The district officer's view of their district and the city officer's drill-down into it
    show the same figures and coverage (whoever renders them first)."""
    make_complaint(tree.project_b)
    rollup.run()
    district = client_for(users.district_b).get("/dashboards/")
    city = client_for(users.city).get(f"/dashboards/?region={tree.b.code}")
    assert district.context["statistics_html"]["coverage_card"] == city.context["statistics_html"]["coverage_card"]
    assert district.context["counts"] == city.context["counts"]
    assert tree.project_a.name not in district.content.decode()  # another district's project never shows
