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
