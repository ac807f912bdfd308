"""Every field of every API body and channel call gets NUL, control characters, over-long text,
huge numbers and values of the wrong type: nothing may answer with a 5xx (issue 10, item 4)."""

import json

from .test_fuzz_inputs import HOSTILE, _sign_in, _variants

HOSTILE_JSON = [*HOSTILE, 2**63, -(2**63) - 1, 10**400, None, {"a": [1]}, "\ud800"]


def _apis(tree, users, w):
    """(who, url, JSON body) of every API call that takes a body."""
    c, o, r, i = w["complaint"], w["order"], w["report"], w["inspection"]
    return [
        (None, "/api/v1/token/", {"username": "nobody", "password": "x"}),
        (
            users.district_a,
            "/api/v1/complaints/",
            {
                "project": tree.project_a.pk,
                "category": "leak",
                "channel": "phone",
                "description": "顶楼漏雨多次报修",
                "urgency": "normal",
                "complainant_name": "李",
                "complainant_phone": "13700001111",
            },
        ),
        *[
            (
                users.district_a,
                f"/api/v1/complaints/{c.pk}/{a}/",
                {
                    "note": "说明",
                    "reason": "理由",
                    "kind": "enterprise",
                    "target": tree.ent_a.pk,
                    "into": c.pk,
                    "value": True,
                },
            )
            for a in ("substantiate", "merge", "assign", "reject", "accept", "send-back", "close")
        ],
        (users.ent_a, f"/api/v1/complaints/{c.pk}/answer/", {"text": "已处理"}),
        (
            users.district_a,
            "/api/v1/draws/",
            {
                "name": "抽查",
                "region": tree.a.code,
                "pool_filters": {},
                "project_count": 1,
                "inspectors_per_project": 2,
                "inspector_pool": [users.city.pk],
            },
        ),
        (
            users.district_a,
            "/api/v1/rectification-orders/",
            {"project": tree.project_a.pk, "source": "other", "issue": "问题", "working_days": 3},
        ),
        (users.ent_a, f"/api/v1/rectification-orders/{o.pk}/answer/", {"text": "已整改"}),
        (users.district_a, f"/api/v1/rectification-orders/{o.pk}/reopen/", {"note": "不合格"}),
        (
            users.district_a,
            "/api/v1/summons/",
            {"enterprise": tree.ent_a.pk, "person": "王总", "held_on": "2026-11-20", "reason": "投诉多", "outcome": ""},
        ),
        (
            w["lead"],
            f"/api/v1/inspections/{i.pk}/deduct/",
            {"item": w["item"].pk, "points": "1", "reason": "理由", "rectify": True},
        ),
        (users.ent_a, f"/api/v1/self-reports/{r.pk}/submit/", {"scores": {"01.01": "1"}, "evidence": "见附件"}),
        (users.district_a, f"/api/v1/self-reports/{r.pk}/return/", {"note": "补充"}),
    ]


def test_no_api_answers_hostile_json_with_a_server_error(tree, users, world, client):
    failures = []
    for who, url, body in _apis(tree, users, world):
        _sign_in(client, who, world)
        for field, data in _variants(body, HOSTILE_JSON):
            raw = json.dumps(data, ensure_ascii=True)
            status = client.post(url, raw, content_type="application/json").status_code
            if status >= 500:
                failures.append((url, field, repr(data[field])[:30], status))
    assert failures == [], "\n".join(map(str, failures))


def test_the_channel_apis_never_answer_hostile_input_with_a_server_error(tree, world, client):
    ticket = {
        "ticket_no": "GD1",
        "project_code": tree.project_a.code,
        "project_id": tree.project_a.pk,
        "address": "路",
        "category": "环境卫生",
        "content": "小区垃圾清运不及时",
        "caller_phone": "13812345678",
        "caller_name": "李",
        "urgency": "normal",
    }
    request = {
        "api_key": world["key"],
        "service_code": "elevator",
        "description": "电梯停运两天",
        "phone": "13811112222",
        "attribute[project_id]": tree.project_a.pk,
        "address_string": "路",
        "first_name": "明",
        "last_name": "王",
        "attribute[request_token]": "t",
    }
    client.raise_request_exception = False
    failures = []
    auth = {"HTTP_AUTHORIZATION": f"ApiKey {world['hotline_key']}"}
    for field, data in _variants(ticket, HOSTILE_JSON):
        raw = json.dumps(data)
        status = client.post("/api/channel/tickets/", raw, content_type="application/json", **auth).status_code
        failures += [("push", field, status)] if status >= 500 else []
    for field, data in _variants(request, HOSTILE):
        status = client.post("/open311/v2/requests.xml", data).status_code
        failures += [("open311", field, status)] if status >= 500 else []
    params = ["service_request_id", "service_code", "status", "start_date", "end_date"]
    for field, data in _variants(dict.fromkeys(params, ""), HOSTILE):
        status = client.get("/open311/v2/requests.json", {**data, "api_key": world["key"]}).status_code
        failures += [("open311 list", field, status)] if status >= 500 else []
    for value in HOSTILE[1:]:
        status = client.get(f"/api/channel/tickets/{value[:2000]}/", **auth).status_code
        failures += [("status", value[:10], status)] if status >= 500 else []
    assert failures == [], "\n".join(map(str, failures))
