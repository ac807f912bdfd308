"""Honours pages (评先树优): the standings per kind, nominating by officer and by enterprise,
review → select within the quota, the refusal beyond it on the page, and the public credit page."""

import pytest

from core.menu import menu_for
from enterprises.models import Enterprise
from ratings import honours
from ratings.choices import HonourKind, HonourStatus
from ratings.models import Honour

YEAR = 2025


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _star(tree, users, person, status=HonourStatus.REVIEWED):
    """Enterprise A nominates one of its staff; the city's officer reviews (初审): district A's
    officer, who did neither, may select."""
    honour = honours.nominate(
        kind=HonourKind.SERVICE_STAR,
        year=YEAR,
        region=tree.a,
        enterprise=tree.ent_a,
        person=person,
        merits="耐心服务业主",
        actor=users.ent_a,
    )
    return honours.review(honour, actor=users.city) if status == HonourStatus.REVIEWED else honour


@pytest.mark.parametrize("base,quota", [(967, 4), (3400, 17), (199, 0)])
def test_selecting_beyond_the_quota_on_the_page_is_refused_with_base_quota_and_count(
    base, quota, tree, users, client_for
):
    tree.ent_a.staff_count = base  # the only enterprise registered in district A: the staff base
    tree.ent_a.save()
    officer = client_for(users.district_a)
    page = officer.get("/ratings/honours/", {"year": YEAR, "region": tree.a.code}).content.decode()
    assert f'<td>文明服务明星</td><td class="text-end">{base}</td><td class="text-end">{quota}</td>' in page
    nominees = [_star(tree, users, f"员工{i}") for i in range(quota + 1)]
    for honour in nominees[:quota]:
        response = officer.post(f"/ratings/honours/{honour.pk}/select/", {"confirm": "yes"}, follow=True)
        assert "已评选。" in _messages(response)
    refused = officer.post(f"/ratings/honours/{nominees[-1].pk}/select/", {"confirm": "yes"}, follow=True)
    assert refused.status_code == 200
    assert f"评选比例不超过千分之五：范围内基数 {base}，名额 {quota}，已评选 {quota}。" in _messages(refused)
    assert Honour.objects.filter(status=HonourStatus.SELECTED).count() == quota
    assert Honour.objects.get(pk=nominees[-1].pk).status == HonourStatus.REVIEWED
    standings = officer.get("/ratings/honours/", {"year": YEAR, "region": tree.a.code}).content.decode()
    assert f'<td class="text-end">{quota}</td><td class="text-end fw-semibold">{quota}</td>' in standings


def test_an_officer_nominates_by_credit_code_and_reviews_then_selects(tree, users, colleagues, client_for):
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"企业{i}", uscc=f"9137010{i:011d}", legal_representative="李四", address="路", region=tree.a
            )
            for i in range(199)
        ]
    )  # 200 enterprises registered in district A: one model enterprise may be selected
    officer = client_for(users.district_a)
    response = officer.post(
        "/ratings/honours/nominate/",
        {
            "kind": HonourKind.MODEL_ENTERPRISE,
            "year": YEAR,
            "region": tree.a.pk,
            "uscc": tree.ent_a.uscc.lower(),
            "merits": "党建引领，服务规范",
        },
    )
    honour = Honour.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ratings/honours/{honour.pk}/"
    assert (honour.enterprise, honour.region, honour.nominated_by) == (tree.ent_a, tree.a, users.district_a)
    detail = officer.get(f"/ratings/honours/{honour.pk}/").content.decode()
    assert "本类别范围内基数 200，名额 1，已评选 0。" in detail and "初审通过" in detail
    # The city's officer neither nominated nor reviewed it: it may select, once reviewed.
    select_first = client_for(users.city).post(f"/ratings/honours/{honour.pk}/select/", {"confirm": "yes"}, follow=True)
    assert "只有已初审的可以评选。" in _messages(select_first)
    client_for(colleagues.district_a).post(f"/ratings/honours/{honour.pk}/review/", {"reason": "材料齐全"})
    client_for(users.city).post(f"/ratings/honours/{honour.pk}/select/", {"confirm": "yes"})
    honour.refresh_from_db()
    assert honour.status == HonourStatus.SELECTED and honour.reason == "材料齐全"
    officer = client_for(users.district_a)
    again = officer.post(
        "/ratings/honours/nominate/",
        {
            "kind": HonourKind.MODEL_ENTERPRISE,
            "year": YEAR,
            "region": tree.a.pk,
            "uscc": tree.ent_a.uscc,
            "merits": "再次提名",
        },
        follow=True,
    )
    assert "已提名过，不能重复提名。" in _messages(again)


def test_an_enterprise_nominates_its_own_staff_and_project_only(tree, users, client_for):
    clerk = client_for(users.ent_a)
    form = clerk.get("/ratings/honours/nominate/").content.decode()
    assert 'name="uscc"' not in form and tree.project_a.name in form and tree.project_b.name not in form
    response = clerk.post(
        "/ratings/honours/nominate/",
        {
            "kind": HonourKind.SERVICE_STAR,
            "year": YEAR,
            "region": tree.a.pk,
            "person": "王师傅",
            "merits": "维修及时",
        },
    )
    assert response.status_code == 302
    honour = Honour.objects.get()
    assert (honour.enterprise, honour.person, honour.status) == (tree.ent_a, "王师傅", HonourStatus.NOMINATED)
    elsewhere = clerk.post(
        "/ratings/honours/nominate/",
        {
            "kind": HonourKind.SERVICE_STAR,
            "year": YEAR,
            "region": tree.b.pk,
            "person": "王师傅",
            "merits": "维修及时",
        },
    )
    assert elsewhere.status_code == 200 and "选择一个有效的选项" in elsewhere.content.decode()
    no_project = clerk.post(
        "/ratings/honours/nominate/",
        {
            "kind": HonourKind.DEMONSTRATION_PROJECT,
            "year": YEAR,
            "region": tree.a.pk,
            "merits": "环境优美",
        },
    )
    assert no_project.status_code == 200 and "示范项目须指定物业项目。" in no_project.content.decode()
    # The enterprise cannot review or select, and another enterprise does not see the nomination.
    assert clerk.post(f"/ratings/honours/{honour.pk}/review/").status_code == 403
    assert client_for(users.ent_b).post(f"/ratings/honours/{honour.pk}/review/").status_code == 404
    assert client_for(users.district_b).get(f"/ratings/honours/{honour.pk}/").status_code == 404


def test_bad_nominations_give_form_errors_not_server_errors(tree, users, client_for):
    officer = client_for(users.district_a)
    cases = [
        {
            "kind": HonourKind.MODEL_ENTERPRISE,
            "year": YEAR,
            "region": tree.a.pk,
            "uscc": "91370100XXXXXXXXXX",
            "merits": "x",
        },
        {
            "kind": HonourKind.MODEL_ENTERPRISE,
            "year": YEAR,
            "region": tree.a.pk,
            "uscc": tree.ent_b.uscc,
            "merits": "x",
        },
        {
            "kind": HonourKind.DEMONSTRATION_PROJECT,
            "year": YEAR,
            "region": tree.a.pk,
            "project": "NO-SUCH",
            "merits": "x",
        },
        {"kind": HonourKind.SERVICE_STAR, "year": 99999999999, "region": "x", "merits": ""},
        {"kind": "nonsense", "year": YEAR, "region": tree.a.pk, "merits": "x" * 5000},
    ]
    for data in cases:
        response = officer.post("/ratings/honours/nominate/", data)
        assert response.status_code == 200, data
        assert "text-danger" in response.content.decode()
    future = officer.post(
        "/ratings/honours/nominate/",
        {
            "kind": HonourKind.MODEL_ENTERPRISE,
            "year": 2100,
            "region": tree.a.pk,
            "uscc": tree.ent_a.uscc,
            "merits": "x",
        },
        follow=True,
    )
    assert "年度应在 2000 至" in future.content.decode()  # the form checks the year (issue 22, attempt 9)
    assert not Honour.objects.exists()


def test_turning_down_needs_a_reason_and_only_the_jurisdiction_decides(tree, users, client_for):
    honour = _star(tree, users, "李师傅", status=HonourStatus.NOMINATED)
    officer = client_for(users.district_a)
    assert "不予评选必须写明理由。" in _messages(officer.post(f"/ratings/honours/{honour.pk}/reject/", follow=True))
    assert client_for(users.city).post(f"/ratings/honours/{honour.pk}/nonsense/").status_code == 403
    officer.post(f"/ratings/honours/{honour.pk}/reject/", {"reason": "事迹不够突出"})
    honour.refresh_from_db()
    assert honour.status == HonourStatus.REJECTED and honour.reason == "事迹不够突出"


def test_a_selected_honour_shows_on_the_public_credit_page_and_the_menu_has_the_page(tree, users, client):
    tree.ent_a.staff_count = 400
    tree.ent_a.save()
    honours.select(_star(tree, users, "孙师傅"), actor=users.district_a)
    _star(tree, users, "周师傅")  # reviewed, not selected: not public
    page = client.get(f"/credit/{tree.ent_a.uscc}/").content.decode()
    assert "文明服务明星" in page and "孙师傅" in page and "周师傅" not in page
    supervision = {str(label): target for label, target in menu_for(users.district_a)}["监管"]
    assert ("评先树优", "ratings:honour_list") in [(str(label), name) for label, name in supervision]


def test_officers_pick_the_enterprise_and_the_project_instead_of_typing_codes(tree, users, client_for):
    officer = client_for(users.district_a)
    form = officer.get("/ratings/honours/nominate/").content.decode()
    assert 'data-picker="/pickers/enterprise/"' in form and 'data-picker="/pickers/project/"' in form
    assert "统一社会信用代码" in form  # searched by name or credit code, said beside the picker
    response = officer.post(
        "/ratings/honours/nominate/",
        {
            "kind": HonourKind.DEMONSTRATION_PROJECT,
            "year": YEAR,
            "region": tree.a.pk,
            "project": tree.project_a.code,
            "merits": "智慧物业示范",
        },
    )
    honour = Honour.objects.get()
    assert response.status_code == 302 and (honour.project, honour.enterprise) == (tree.project_a, tree.ent_a)
    again = officer.post(
        "/ratings/honours/nominate/",
        {
            "kind": HonourKind.MODEL_ENTERPRISE,
            "year": YEAR,
            "region": tree.a.pk,
            "uscc": "",
            "merits": "x",
        },
    )
    assert again.status_code == 200 and "请选择物业企业。" in again.content.decode()
    # A chosen project comes back with its label, not a bare code.
    project = tree.project_a
    bad = officer.post(
        "/ratings/honours/nominate/",
        {"kind": HonourKind.SERVICE_STAR, "year": YEAR, "region": tree.a.pk, "project": project.code, "merits": "x"},
    )
    label = f"{project.name}（{tree.a1a.name}）· {project.code}"
    assert f'<option value="{project.code}" selected>{label}</option>' in bad.content.decode()
