"""Role × action × jurisdiction: who may take every write action the portal registers
(``core.permissions.may``), for an object in district A and for one at the city above it.

Each row names the users allowed; everybody else must be refused. The regions: city C, its
districts A and B (siblings), street A1 in A and community A1a in A1. The users: an
administrator, an officer at each level of A's branch and district B's, an inspector and a
police liaison placed in A, and the users of enterprise A (registered in A, or in the city
for the city-level object) and of enterprise B. So for an object in A: "own region" is dA,
"parent" is city, "child" is stA and coA, "sibling / other district" is dB; for the city-level
object, dA is the child trying to act on its parent's object.

The test fails when a registered action is missing from the table (or the table names one
that no longer exists), so adding an action means deciding who may take it.
"""

from types import SimpleNamespace as NS

import pytest

from core import permissions

USERS = ["admin", "city", "dA", "dB", "stA", "coA", "insp", "police", "entA", "entB"]
ENT_A, ENT_B, POLICE_DEPT = 101, 102, 7
PATHS = {"C": "C/", "A": "C/A/", "B": "C/B/", "A1": "C/A/1/", "A1a": "C/A/1/a/"}


def _user(pk, role, region=None, enterprise_id=None, department_id=None, manages=False):
    return NS(
        pk=pk,
        role=role,
        region_path=PATHS.get(region),
        enterprise_id=enterprise_id,
        department_id=department_id,
        is_authenticated=True,
        is_active=True,
        sees_everything=role == "admin",
        is_superuser=False,
        can_manage_accounts=manages,
        holds_account_management=role == "admin" or manages,
    )


ACTORS = {
    "admin": _user(1, "admin"),
    "city": _user(2, "city", "C", manages=True),
    "dA": _user(3, "district", "A", manages=True),
    "dB": _user(4, "district", "B", manages=True),
    "stA": _user(5, "street", "A1"),
    "coA": _user(6, "community", "A1a"),
    "insp": _user(7, "inspector", "A"),
    "police": _user(8, "department", "A", department_id=POLICE_DEPT),
    "entA": _user(9, "enterprise", enterprise_id=ENT_A),
    "entB": _user(10, "enterprise", enterprise_id=ENT_B),
}


def _region(key):
    return NS(path=PATHS[key], pk=key)


def _objects(where: str) -> dict:
    """The objects of every action, placed in district A (``"A"``) or at the city (``"C"``)."""
    region = _region("A" if where == "A" else "C")
    deep = _region("A1a" if where == "A" else "C")  # projects and complaints sit in a community
    enterprise = NS(pk=ENT_A, region=region, region_id=region.pk)
    project = NS(region=deep, enterprise_id=ENT_A)
    complaint = NS(region_path=deep.path, assignee_kind="enterprise", assignee_enterprise_id=ENT_A)
    inspectors = NS(values_list=lambda *args, **kwargs: [ACTORS["insp"].pk, ACTORS["stA"].pk])
    # An account placed in the object's region: a street officer of A1, or a city officer.
    account = NS(
        pk=50,
        role="street" if where == "A" else "city",
        region=_region("A1" if where == "A" else "C"),
        region_id=1,
        department_id=None,
        is_superuser=False,
        can_manage_accounts=False,
    )
    # Drafted, reviewed and applied for by nobody in this table (the two-officer rule is
    # tests/test_publication.py's): a job drafted them.
    people = {
        "drafted_by_id": None,
        "reviewed_by_id": None,
        "created_by_id": None,
        "started_by_id": None,
        "nominated_by_id": None,
        "applied_by_id": None,
    }
    of_region = NS(region=region, **people)
    of_enterprise = NS(enterprise=enterprise, enterprise_id=ENT_A, **people)
    honour = NS(region=region, enterprise_id=ENT_A, **people)
    return {
        "scheme": None,
        "run": NS(**people),
        "region": region,
        "enterprise": enterprise,
        "project": project,
        "complaint": complaint,
        "of_region": of_region,
        "of_enterprise": of_enterprise,
        "honour": honour,
        "account": account,
        "inspection": NS(inspectors=inspectors, submitted_by_id=None),
        "of_project": NS(project=project, enterprise_id=ENT_A),
    }


def row(action, obj, in_a, in_city):
    return pytest.param(action, obj, set(in_a.split()), set(in_city.split()), id=action)


CITY_ONLY = "admin city"
BUREAU_A = "admin city dA"
OFFICERS_A = "admin city dA stA coA"

# An aligned table (one row per action, read across the columns): the formatter leaves it as it is.
# fmt: off
TABLE = [
    #   action                              object          allowed on A's object        on the city's object
    row("accounts.create_account",          "account",      BUREAU_A,                    CITY_ONLY),
    row("accounts.change_account",          "account",      BUREAU_A,                    CITY_ONLY),
    row("accounts.set_password",            "account",      BUREAU_A,                    CITY_ONLY),
    row("accounts.deactivate",              "account",      BUREAU_A,                    CITY_ONLY),
    row("complaints.register",              "scheme",       OFFICERS_A + " dB",          OFFICERS_A + " dB"),
    row("complaints.import_hotline_orders", "scheme",       BUREAU_A + " dB",            BUREAU_A + " dB"),
    row("complaints.accept",                "complaint",    OFFICERS_A,                  CITY_ONLY),
    row("complaints.reject",                "complaint",    OFFICERS_A,                  CITY_ONLY),
    row("complaints.merge",                 "complaint",    OFFICERS_A,                  CITY_ONLY),
    row("complaints.assign",                "complaint",    OFFICERS_A,                  CITY_ONLY),
    row("complaints.send_back",             "complaint",    OFFICERS_A,                  CITY_ONLY),
    row("complaints.close",                 "complaint",    OFFICERS_A,                  CITY_ONLY),
    row("complaints.substantiate",          "complaint",    OFFICERS_A,                  CITY_ONLY),
    row("complaints.reveal_phone",          "complaint",    OFFICERS_A,                  CITY_ONLY),
    row("complaints.reveal_tracking_code",  "complaint",    BUREAU_A,                    CITY_ONLY),
    row("complaints.sign",                  "complaint",    "admin entA",                "admin entA"),
    row("complaints.start",                 "complaint",    "admin entA",                "admin entA"),
    row("complaints.answer",                "complaint",    "admin entA",                "admin entA"),
    row("dashboards.generate_bulletin",     "region",       BUREAU_A,                    CITY_ONLY),
    row("dashboards.review_bulletin",       "of_region",    BUREAU_A,                    CITY_ONLY),
    row("dashboards.publish_bulletin",      "of_region",    BUREAU_A,                    CITY_ONLY),
    row("dashboards.enter_funding",         "region",       CITY_ONLY,                   CITY_ONLY),
    row("enterprises.import_enterprises",   "scheme",       BUREAU_A + " dB",            BUREAU_A + " dB"),
    row("enterprises.request_change",       "enterprise",   "admin entA",                "admin entA"),
    row("enterprises.withdraw_change",      "of_enterprise", "admin entA",               "admin entA"),
    row("enterprises.review_change",        "of_enterprise", BUREAU_A,                   CITY_ONLY),
    row("inspections.edit_standard",        "scheme",       CITY_ONLY,                   CITY_ONLY),
    row("inspections.publish_standard",     "scheme",       CITY_ONLY,                   CITY_ONLY),
    row("inspections.organise_draw",        "region",       BUREAU_A,                    CITY_ONLY),
    row("inspections.execute_draw",         "of_region",    BUREAU_A,                    CITY_ONLY),
    row("inspections.inspect",              "inspection",   "admin stA insp",            "admin stA insp"),
    row("inspections.countersign",          "inspection",   "admin stA insp",            "admin stA insp"),
    row("inspections.return_inspection",    "inspection",   "admin stA insp",            "admin stA insp"),
    row("inspections.issue_order",          "project",      OFFICERS_A,                  CITY_ONLY),
    row("inspections.answer_order",         "of_project",   "admin entA",                "admin entA"),
    row("inspections.verify_order",         "of_project",   OFFICERS_A,                  CITY_ONLY),
    row("inspections.summon",               "enterprise",   BUREAU_A,                    CITY_ONLY),
    row("inspections.attach_to_summons",    "of_region",    BUREAU_A,                    CITY_ONLY),
    row("inspections.submit_self_report",   "of_project",   "admin entA",                "admin entA"),
    row("inspections.review_self_report",   "of_project",   OFFICERS_A,                  CITY_ONLY),
    row("owners.import_roll",               "project",      "admin city dA stA",         CITY_ONLY),
    row("owners.edit_roll",                 "project",      "admin city dA stA",         CITY_ONLY),
    row("owners.organise_vote",             "project",      "admin stA coA",             "admin"),
    row("owners.enter_paper_ballot",        "project",      "admin stA coA",             "admin"),
    row("owners.suspend_vote",              "project",      "admin dA stA",              "admin"),
    row("owners.prepare_committee",         "project",      "admin stA coA",             "admin"),
    row("owners.form_group",                "project",      "admin stA",                 "admin"),
    row("owners.accept_filing",             "project",      "admin dA stA",              "admin"),
    row("owners.order_committee",           "project",      "admin stA",                 "admin"),
    row("owners.organise_renewal",          "project",      "admin stA coA",             "admin"),
    row("owners.manage_members",            "project",      "admin stA coA",             "admin"),
    row("funds.manage_account",             "project",      "admin city dA",             CITY_ONLY),
    row("funds.propose_use",                "project",      "admin stA coA entA",        "admin entA"),
    row("funds.review_use",                 "project",      "admin dA",                  "admin"),
    row("funds.enter_revenue",              "project",      "admin entA",                "admin entA"),
    row("funds.settle_revenue",             "project",      "admin dA stA",              "admin"),
    row("funds.set_rate",                   "region",       "admin city dA",             CITY_ONLY),
    row("projects.import_regions",          "scheme",       BUREAU_A + " dB",            BUREAU_A + " dB"),
    row("projects.import_projects",         "scheme",       BUREAU_A + " dB",            BUREAU_A + " dB"),
    row("ratings.edit_scheme",              "scheme",       CITY_ONLY,                   CITY_ONLY),
    row("ratings.publish_scheme",           "scheme",       CITY_ONLY,                   CITY_ONLY),
    row("ratings.start_run",                "scheme",       CITY_ONLY,                   CITY_ONLY),
    row("ratings.review_run",               "run",          CITY_ONLY,                   CITY_ONLY),
    row("ratings.publish_run",              "run",          CITY_ONLY,                   CITY_ONLY),
    row("ratings.evaluate_street",          "project",      "admin stA",                 "admin"),
    row("ratings.draw_up_list",             "region",       BUREAU_A,                    CITY_ONLY),
    row("ratings.edit_list",                "of_region",    BUREAU_A,                    CITY_ONLY),
    row("ratings.review_list",              "of_region",    BUREAU_A,                    CITY_ONLY),
    row("ratings.publish_list",             "of_region",    BUREAU_A,                    CITY_ONLY),
    row("ratings.correct_list",             "of_region",    BUREAU_A,                    CITY_ONLY),
    row("ratings.apply_star",               "enterprise",   "admin entA",                "admin entA"),
    row("ratings.review_star",              "of_enterprise", BUREAU_A,                   CITY_ONLY),
    row("ratings.publish_star",             "of_enterprise", BUREAU_A,                   CITY_ONLY),
    row("ratings.nominate_honour",          "honour",       BUREAU_A + " entA",          CITY_ONLY + " entA"),
    row("ratings.review_honour",            "honour",       BUREAU_A,                    CITY_ONLY),
    row("ratings.turn_down_honour",         "honour",       BUREAU_A,                    CITY_ONLY),
    row("ratings.select_honour",            "honour",       BUREAU_A,                    CITY_ONLY),
    row("ratings.record_penalty",           "enterprise",   BUREAU_A,                    CITY_ONLY),
    row("ratings.file_objection",           "of_enterprise", "admin entA",               "admin entA"),
    row("ratings.decide_objection",         "of_enterprise", BUREAU_A,                   CITY_ONLY),
]
# fmt: on


def test_the_table_names_every_registered_action_once():
    named = [param.values[0] for param in TABLE]
    assert len(named) == len(set(named)), "an action is in the table twice"
    assert set(named) == set(permissions.rules()), "the table and the registered actions differ"


@pytest.mark.parametrize(("action", "obj", "in_a", "in_city"), TABLE)
def test_who_may_take_the_action(action, obj, in_a, in_city):
    for where, expected in (("A", in_a), ("C", in_city)):
        target = _objects(where)[obj]
        allowed = {name for name in USERS if permissions.may(ACTORS[name], action, target)}
        assert allowed == expected, f"{action} on the object in {where}"
        for name in set(USERS) - expected:
            reason = permissions.refusal(ACTORS[name], action, target)
            assert reason and isinstance(reason, str), f"{name} refused {action} without a reason"


def test_anonymous_and_inactive_users_are_refused_every_action():
    anonymous = NS(is_authenticated=False, is_active=False)
    inactive = NS(**{**vars(ACTORS["admin"]), "is_active": False})
    for action in permissions.rules():
        assert not permissions.may(anonymous, action, None)
        assert not permissions.may(inactive, action, None)


def test_an_unregistered_action_is_an_error_not_a_refusal():
    with pytest.raises(LookupError):
        permissions.may(ACTORS["admin"], "ratings.publish_everything", None)


def test_the_permissions_page_lists_every_action_as_the_rules_say():
    from pathlib import Path

    from django.conf import settings
    from django.utils import translation

    page = (Path(settings.BASE_DIR) / "docs" / "permissions.md").read_text(encoding="utf-8")
    start, end = "<!-- permission-table:start -->\n", "\n<!-- permission-table:end -->"
    written = page[page.index(start) + len(start) : page.index(end)]
    with translation.override("zh-hans"):
        expected = permissions.markdown_table()
        assert written == expected, "run manage.py permission_table and paste it into docs/permissions.md"


def test_the_second_officer_rule_is_part_of_the_review_and_publish_rules():
    """Whoever drafted or reviewed may not publish: the same ``may`` the buttons ask."""
    edition = NS(region=_region("A"), drafted_by_id=ACTORS["dA"].pk, reviewed_by_id=ACTORS["city"].pk)
    assert not permissions.may(ACTORS["dA"], "ratings.review_list", edition)
    assert not permissions.may(ACTORS["dA"], "ratings.publish_list", edition)
    assert not permissions.may(ACTORS["city"], "ratings.publish_list", edition)
    assert permissions.may(ACTORS["admin"], "ratings.publish_list", edition)
    with pytest.raises(permissions.StepRefused, match="双人复核"):
        permissions.require(ACTORS["city"], "ratings.publish_list", edition)
