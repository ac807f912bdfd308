"""Searchable pickers (core.pickers): the JSON endpoint answers only what the user may see, at
most 20 rows, by name or code; the filters keep taking codes and ids; small choice sets are toggles."""

import pytest

from .factories import ProjectFactory, RegionFactory


def _texts(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [item["text"] for item in response.json()["results"]], response.json()["results"]


def test_region_picker_is_scoped_to_the_officers_district(tree, users, client_for):
    texts, results = _texts(client_for(users.district_a), "/pickers/region/?q=街道")
    assert [r["code"] for r in results] == [tree.a1.code]  # 大观园街道, not district B's 振兴街街道
    assert "市中区 / 大观园街道" in texts[0]
    texts, results = _texts(client_for(users.city), "/pickers/region/?q=街道")
    assert {r["code"] for r in results} == {tree.a1.code, tree.b1.code}
    # by code prefix, and narrowed by level
    _texts_, results = _texts(client_for(users.city), f"/pickers/region/?q={tree.b.code}&max_level=2")
    assert [r["code"] for r in results] == [tree.b.code]


def test_enterprise_and_project_pickers_are_scoped(tree, users, client_for):
    _t, results = _texts(client_for(users.district_a), "/pickers/enterprise/?q=物业")
    assert [r["code"] for r in results] == [tree.ent_a.uscc]
    _t, results = _texts(client_for(users.district_b), f"/pickers/enterprise/?q={tree.ent_a.uscc[:8]}")
    assert tree.ent_a.uscc not in [r["code"] for r in results]
    _t, results = _texts(client_for(users.ent_b), "/pickers/project/?q=花园")
    assert results == []  # 阳光花园 is enterprise A's
    _t, results = _texts(client_for(users.ent_a), "/pickers/project/?q=花园")
    assert [r["id"] for r in results] == [str(tree.project_a.pk)]
    _t, results = _texts(client_for(users.ent_a), "/pickers/region/")
    assert results == []  # enterprise users pick no regions


def test_pickers_are_bounded_and_take_odd_input(tree, users, client_for):
    for i in range(30):
        ProjectFactory(region=tree.a1a, name=f"和谐家园{i}期")
    client = client_for(users.city)
    _t, results = _texts(client, "/pickers/project/?q=和谐家园")
    assert len(results) == 20
    _t, results = _texts(client, "/pickers/project/?q=" + "和" * 5000)
    assert results == []
    assert client.get("/pickers/project/?q=%00").status_code == 400
    for bad in ("max_level=abc", "level=²", "min_level=٣", "level=５", f"level={2**63}"):
        refused = client.get("/pickers/region/?" + bad)  # a declared parameter takes a whole number
        assert refused.status_code == 400 and bad.split("=")[0] in refused.json()["detail"], bad
    assert client.get("/pickers/region/?level=99999999999999&_=1").status_code == 200  # others are ignored
    assert client.post("/pickers/region/").status_code == 405
    assert client_for(None).get("/pickers/region/").status_code == 302


def test_filters_keep_taking_codes_and_show_the_chosen_label(tree, users, client_for):
    client = client_for(users.district_a)
    page = client.get(f"/registry/projects/?region={tree.a1a.code}&enterprise_uscc={tree.ent_a.uscc}")
    html = page.content.decode()
    assert [p.pk for p in page.context["object_list"]] == [tree.project_a.pk]
    assert 'data-picker="/pickers/region/"' in html and 'data-picker="/pickers/enterprise/"' in html
    assert f'<option value="{tree.a1a.code}" selected>大观园街道 / 杆石桥社区 · {tree.a1a.code}</option>' in html
    assert f"市中物业 · {tree.ent_a.uscc}" in html
    # another district's region: nothing found, and its name is not shown
    html = client.get(f"/registry/projects/?region={tree.b1a.code}").content.decode()
    assert "西市场社区" not in html
    complaints = client.get(f"/complaints/?enterprise={tree.ent_a.pk}&project={tree.project_a.pk}").content.decode()
    assert f'<option value="{tree.project_a.pk}" selected>阳光花园' in complaints


def test_status_filters_are_toggles_and_several_can_be_chosen(tree, users, client_for):
    html = client_for(users.district_a).get("/complaints/?status=submitted&status=accepted").content.decode()
    assert '<select name="status"' not in html
    checked = 'name="status" value="submitted" id="id_status_0" autocomplete="off" checked'
    assert 'type="checkbox" class="btn-check" ' + checked in html
    assert 'type="checkbox" class="btn-check" name="status" value="rejected"' in html
    html = client_for(users.district_a).get("/supervision/orders/").content.decode()
    assert 'type="radio" class="btn-check" name="status" value="" id="id_status_0" autocomplete="off" checked' in html


@pytest.mark.parametrize("url", ["/supervision/draws/new/"])
def test_draw_pools_are_toggles_and_pickers(url, tree, users, client_for):
    html = client_for(users.district_a).get(url).content.decode()
    assert 'type="checkbox" class="btn-check" name="project_types"' in html
    assert 'type="checkbox" class="btn-check" name="management_modes"' in html
    assert 'data-picker="/pickers/region/?max_level=3"' in html
    assert 'name="enterprises"' in html and "multiple" in html
    assert 'data-searchable="true"' in html  # the inspector pool: type to filter, no ctrl-click


def test_the_region_picker_labels_regions_with_their_parent(tree, users, client_for):
    RegionFactory.child(tree.a1, 2, name="杆石桥社区")  # two communities of the same name
    texts, _r = _texts(client_for(users.city), "/pickers/region/?q=杆石桥")
    assert len(texts) == 2 and all(t.startswith("大观园街道 / 杆石桥社区 · ") for t in texts)
