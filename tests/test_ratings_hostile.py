"""The ratings lists, endpoints and honours forms answer hostile input with 4xx or a form error,
never a 5xx (the same values as tests/test_fuzz_inputs.py)."""

from ratings import honours

from .test_fuzz_inputs import HOSTILE, _params_for, _variants

LISTS = [
    "/ratings/honours/",
    "/ratings/list-entries/",
    "/ratings/credit-records/",
    "/ratings/stars/",
    "/api/v1/red-black-lists/",
    "/api/v1/star-ratings/",
    "/api/v1/credit-records/",
    "/api/v1/honours/",
]


def test_ratings_lists_answer_hostile_filters_without_a_server_error(tree, users, client):
    client.raise_request_exception = False
    failures = []
    for who in (users.city, users.ent_a):
        client.force_login(who)
        for url in LISTS:
            params = [*_params_for(url), "year", "valid_on", "enterprise", "edition"]
            for value in HOSTILE:
                status = client.get(url, dict.fromkeys(params, value[:3000])).status_code
                failures += [(url, "all", value[:10], status)] if status >= 500 else []
            for name in params:
                for value in ("9" * 40, "-1", "1.5", "9" * 5000):
                    status = client.get(url, {name: value}).status_code
                    failures += [(url, name, value[:10], status)] if status >= 500 else []
    assert failures == [], "\n".join(map(str, failures))


def test_honours_forms_answer_hostile_text_without_a_server_error(tree, users, client):
    client.raise_request_exception = False
    honour = honours.nominate(
        kind="service_star",
        year=2025,
        region=tree.a,
        enterprise=tree.ent_a,
        person="王师傅",
        merits="维修及时",
        actor=users.district_a,
    )
    forms = [
        (
            users.district_a,
            "/ratings/honours/nominate/",
            {
                "kind": "demo_project",
                "year": 2025,
                "region": tree.a.pk,
                "uscc": tree.ent_a.uscc,
                "project": tree.project_a.code,
                "person": "",
                "merits": "环境优美",
            },
        ),
        (
            users.ent_a,
            "/ratings/honours/nominate/",
            {
                "kind": "service_star",
                "year": 2025,
                "region": tree.a.pk,
                "project": tree.project_a.pk,
                "person": "李",
                "merits": "好",
            },
        ),
        *[
            (users.district_a, f"/ratings/honours/{honour.pk}/{action}/", {"reason": "意见"})
            for action in ("reject", "select", "review")
        ],
    ]
    failures = []
    for who, url, body in forms:
        client.force_login(who)
        for field, data in _variants(body, HOSTILE):
            status = client.post(url, data).status_code
            failures += [(url, field, repr(data[field])[:30], status)] if status >= 500 else []
    assert failures == [], "\n".join(map(str, failures))
