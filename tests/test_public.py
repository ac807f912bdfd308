"""Resident pages: no account, phone-sized, only disclosed information."""

from enterprises.choices import EnterpriseStatus

from .factories import EnterpriseFactory


def test_lookup_by_name_or_address(tree, client):
    page = client.get("/search/?q=阳光").content.decode()
    assert tree.project_a.name in page and tree.project_b.name not in page
    page = client.get("/search/", {"q": tree.project_b.address}).content.decode()
    assert tree.project_b.name in page


def test_htmx_gets_only_the_result_list(tree, client):
    response = client.get("/search/?q=阳光", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert tree.project_a.name in html and "<html" not in html


def test_single_character_asks_for_more(client, tree):
    assert "请至少输入两个字" in client.get("/search/?q=阳").content.decode()


def test_project_page_shows_manager_fee_and_disclosure(tree, client):
    p = tree.project_a
    p.service_content, p.fee_disclosure = "二级服务标准", "住宅 1.20 元/m²/月"
    p.complaint_channels, p.public_revenue = "服务中心 0531-1234", "广告收益半年公示"
    p.save()
    html = client.get(f"/compound/{p.code}/").content.decode()
    for text in (
        tree.ent_a.name,
        "1.20",
        "二级服务标准",
        "住宅 1.20 元/m²/月",
        "服务中心 0531-1234",
        "广告收益半年公示",
    ):
        assert text in html
    assert 'name="viewport"' in html  # phone layout


def test_directory_lists_active_enterprises_and_hides_deregistered(tree, client):
    gone = EnterpriseFactory(region=tree.a, name="已注销物业公司", status=EnterpriseStatus.DEREGISTERED)
    html = client.get("/directory/").content.decode()
    assert tree.ent_a.name in html and gone.name not in html
    assert client.get(f"/directory/{gone.uscc}/").status_code == 404
    html = client.get(f"/directory/{tree.ent_a.uscc}/").content.decode()
    assert tree.project_a.name in html


def test_unknown_compound_is_404(client, db):
    assert client.get("/compound/NOPE/").status_code == 404


def test_english_is_available(tree, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Find your compound" in html
