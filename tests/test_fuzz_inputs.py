"""Every text field of every form and endpoint gets NUL, control characters, over-long strings,
huge and negative numbers and formula text: nothing may answer with a 5xx (issue 10, item 4).

The table below names, per page or endpoint, who posts, the URL and a valid body; each field of
the body is replaced by each hostile value in turn. List pages get the same values in every
filter their filter set declares.
"""

HOSTILE = [
    "a\x00b",
    "\x01\x02\x0b\x1b\x7f控制字符",
    "长" * 6_000,
    "9" * 40,
    "2026-02-30",
    # digits that are not ASCII (issue 22, item 10): str.isdigit() takes “²”, int() takes the others
    "²",
    "٣",
    "５",
    "１２",
    str(2**63),
]
HOSTILE_JSON = [*HOSTILE, 2**63, 10**400, True, None, {"a": [1]}, "\ud800"]


def _forms(tree, users, w):
    """(who, url, body) of every form page; ``None`` is the anonymous resident."""
    c, o, r = w["complaint"], w["order"], w["report"]
    track = f"/complaint/track/{c.tracking_code}"
    return [
        (
            None,
            "/complaint/new/",
            {
                "project": tree.project_a.pk,
                "category": 1,
                "description": "楼道垃圾无人清运很久",
                "complainant_name": "王",
                "complainant_phone": "13912345678",
                "captcha_0": "x",
                "captcha_1": "1",
            },
        ),
        (None, "/complaint/track/", {"code": c.tracking_code, "phone_last4": "1234"}),
        ("resident", f"{track}/supplement/", {"text": "补充"}),
        ("resident", f"{track}/feedback/", {"rating": "satisfied", "comment": "好"}),
        (None, "/accounts/login/", {"username": "nobody", "password": "x"}),
        (None, "/i18n/setlang/", {"language": "en", "next": "/"}),
        (
            users.district_a,
            "/complaints/new/",
            {
                "project": tree.project_a.pk,
                "category": 1,
                "channel": "phone",
                "urgency": "normal",
                "description": "电梯停运两天了没人修",
                "complainant_name": "李",
                "complainant_phone": "13700001111",
            },
        ),
        *[
            (
                users.district_a,
                f"/complaints/{c.pk}/{a}/",
                {"note": "说明", "kind": "enterprise", "target": tree.ent_a.pk, "into": c.pk, "value": "true"},
            )
            for a in ("substantiate", "merge", "assign", "reject", "accept", "send_back", "close", "route")
        ],
        (users.ent_a, f"/complaints/{c.pk}/answer/", {"text": "已处理"}),
        (users.district_a, "/complaints/bulk-assign/", {"enterprise": tree.ent_a.pk, "ids": c.pk, "next": "/"}),
        (
            users.district_a,
            "/supervision/draws/new/",
            {
                "name": "抽查",
                "region": tree.a.pk,
                "project_count": 1,
                "inspectors_per_project": 2,
                "inspector_pool": users.city.pk,
                "project_types": "residential",
                "enterprises": "x",
                "management_modes": "professional",
            },
        ),
        (users.district_a, f"/supervision/draws/{w['draw'].pk}/verify/", {}),
        (
            users.district_a,
            "/supervision/orders/new/",
            {"project": tree.project_a.pk, "source": "other", "issue": "问题", "days": 3},
        ),
        (
            users.district_a,
            "/supervision/summons/new/",
            {"enterprise": tree.ent_a.pk, "person": "王总", "held_on": "2026-11-20", "reason": "投诉多", "outcome": ""},
        ),
        (
            w["lead"],
            f"/supervision/inspections/{w['inspection'].pk}/deduct/",
            {"item": w["item"].pk, "points": "1", "reason": "理由", "rectify": "on"},
        ),
        (users.ent_a, f"/supervision/orders/{o.pk}/answer/", {"text": "已整改"}),
        (users.district_a, f"/supervision/orders/{o.pk}/reopen/", {"note": "不合格"}),
        (users.district_a, f"/supervision/orders/{o.pk}/close/", {"note": "合格"}),
        (users.ent_a, f"/supervision/reports/{r.pk}/submit/", {"score_01.01": "1", "evidence": "见附件"}),
        (users.district_a, f"/supervision/reports/{r.pk}/return/", {"note": "补充"}),
        (users.district_a, f"/supervision/reports/{r.pk}/accept/", {"note": "好"}),
        (
            users.district_a,
            f"/supervision/standards/{w['standard'].pk}/item/",
            {"item": w["item"].pk, "points": "1", "title": "标题"},
        ),
        (
            users.ent_a,
            f"/enterprises/{tree.ent_a.pk}/change/",
            {
                "name": "新名",
                "legal_representative": "张",
                "address": "路",
                "phone": "0531-1",
                "founded": "",
                "staff_count": 1,
                "party_organisation": "",
                "service_brand": "",
                "reason": "变更",
            },
        ),
        *[(users.district_a, f"/enterprises/changes/{w['change'].pk}/{a}/", {"note": "意见"}) for a in ("reject",)],
        (users.street_a, "/ratings/street/", {"project": tree.project_a.pk, "score": "88", "note": "好"}),
        *[
            (
                users.district_a,
                url,
                {
                    "username": "newbie",
                    "last_name": "新同事",
                    "role": "street",
                    "region": tree.a1.pk,
                    "password_mode": "generate",
                    "phone": "13700001111",
                },
            )
            for url in ("/accounts/staff/new/", f"/accounts/staff/{users.street_a.pk}/")
        ],
    ]


def _sign_in(client, who, w):
    client.raise_request_exception = False  # a 500 is counted, not raised
    client.logout()
    if who == "resident":
        client.post("/complaint/track/", {"code": w["complaint"].tracking_code, "phone_last4": "1234"})
    elif who is not None:
        client.force_login(who)


def _variants(body, values):
    for field in body:
        for value in values:
            yield field, {**body, field: value}


def test_no_form_answers_hostile_text_with_a_server_error(tree, users, world, client, settings):
    settings.INTAKE_RATE_PER_IP = settings.SUPPLEMENT_RATE_PER_IP = settings.TRACKING_RATE_PER_IP = "100000/h"
    settings.AXES_ENABLED = False
    failures = []
    for who, url, body in _forms(tree, users, world):
        _sign_in(client, who, world)
        for field, data in _variants(body, HOSTILE):
            status = client.post(url, data).status_code
            if status >= 500:
                failures.append((url, field, repr(data[field])[:30], status))
    assert failures == [], "\n".join(map(str, failures))


LISTS = [
    ("/search/", None),
    ("/directory/", None),
    ("/complaint/projects/", None),
    ("/inspections/draws/", None),
    ("/registry/regions/", "city"),
    ("/registry/projects/", "city"),
    ("/registry/coverage/", "city"),
    ("/enterprises/", "city"),
    ("/enterprises/changes/", "city"),
    ("/complaints/", "city"),
    ("/inbox/", "city"),
    ("/supervision/draws/", "city"),
    ("/supervision/inspections/", "city"),
    ("/supervision/orders/", "city"),
    ("/supervision/summons/", "city"),
    ("/supervision/reports/", "city"),
    ("/supervision/standards/", "city"),
    ("/accounts/exports/", "city"),
    ("/api/v1/regions/", "city"),
    ("/api/v1/projects/", "city"),
    ("/api/v1/enterprises/", "city"),
    ("/api/v1/complaints/", "city"),
    ("/api/v1/coverage/", "city"),
    ("/api/v1/draws/", "city"),
    ("/api/v1/inspections/", "city"),
    ("/api/v1/rectification-orders/", "city"),
    ("/api/v1/summons/", "city"),
    ("/api/v1/self-reports/", "city"),
    ("/ratings/honours/", "city"),
    ("/ratings/stars/", "city"),
    ("/ratings/credit-records/", "city"),
    ("/ratings/list-entries/", "city"),
    ("/dashboards/", "city"),
    ("/dashboards/league/", "city"),
    ("/dashboards/bulletins/", "city"),
    ("/pickers/region/", "city"),
    ("/pickers/project/", "city"),
]
COMMON_PARAMS = ["q", "search", "page", "ordering", "export", "code", "region", "year", "month", "run"]


def _params_for(url: str) -> list[str]:
    """The query parameters a list reads: its filter set's filters plus the common ones."""
    from django.urls import resolve

    func = resolve(url).func
    view = getattr(func, "view_class", None) or getattr(func, "cls", None)
    filterset = getattr(view, "filterset_class", None)
    return [*COMMON_PARAMS, *(filterset.base_filters if filterset else [])]


def test_no_list_answers_hostile_filters_with_a_server_error(tree, users, world, client):
    failures = []
    for url, who in LISTS:
        _sign_in(client, getattr(users, who) if who else None, world)
        params = _params_for(url)
        for value in HOSTILE:
            status = client.get(url, dict.fromkeys(params, value[:3000])).status_code
            failures += [(url, "all", value[:10], status)] if status >= 500 else []
        for name in params:  # one at a time: an invalid neighbour must not hide a failing filter
            status = client.get(url, {name: "9" * 40}).status_code
            failures += [(url, name, status)] if status >= 500 else []
    for path in ("/compound/", "/directory/", "/registry/regions/", "/complaint/track/", "/complaint/done/"):
        for value in HOSTILE[1:]:
            status = client.get(path + value[:2000].replace("/", "") + "/").status_code
            failures += [(path, value[:10], status)] if status >= 500 else []
    assert failures == [], "\n".join(map(str, failures))
