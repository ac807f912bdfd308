"""The main menu is assembled from what each app registers (core.menu); roles see their own."""

from core.menu import Entry, menu_for, register


def _names(menu):
    return [(str(label), t if isinstance(t, str) else [name for _l, name in t]) for label, t in menu]


def test_staff_and_enterprise_menus(users):
    staff = _names(menu_for(users.district_a))
    bar = ["工作台", "数据看板", "投诉工单", "我的检查", "量化考核", "监管", "基础信息", "消息"]
    assert [label for label, _t in staff] == bar
    # bureau officers review changes and manage the staff accounts of their jurisdiction
    assert dict(staff)["基础信息"][-2:] == ["enterprises:change_request_list", "accounts:staff_list"]
    assert "enterprises:change_request_list" not in dict(_names(menu_for(users.street_a)))["基础信息"]
    assert "accounts:staff_list" not in dict(_names(menu_for(users.street_a)))["基础信息"]
    enterprise = _names(menu_for(users.ent_a))
    bar = ["工作台", "数据看板", "投诉工单", "量化考核", "整改", "自查自评", "本企业", "消息"]
    assert [label for label, _t in enterprise] == bar
    assert dict(enterprise)["本企业"] == [
        "enterprises:my_enterprise",
        "projects:project_list",
        "enterprises:change_request_list",
        "inspections:summons_list",
    ]


def test_an_app_adds_an_entry_without_core_knowing_it(users, client_for):
    entry = Entry("测试入口", "notifications:inbox", 95, ("is_bureau_officer",))
    register(entry, entry)  # idempotent
    try:
        assert [str(label) for label, _t in menu_for(users.district_a)].count("测试入口") == 1
        assert "测试入口" not in [str(label) for label, _t in menu_for(users.ent_a)]
        assert "测试入口" in client_for(users.district_a).get("/workbench/").content.decode()
    finally:
        from core import menu

        menu._entries.remove(entry)


def test_the_inbox_entry_shows_unread_messages(tree, users, client_for):
    from complaints import workflow

    from .factories import make_complaint

    workflow.assign(workflow.accept(make_complaint(tree.project_a), actor=users.city), actor=users.city, to=tree.ent_a)
    page = client_for(users.ent_a).get("/workbench/").content.decode()
    assert 'text-bg-danger">1<span class="visually-hidden">' in page
    client_for(users.ent_a).post("/inbox/read/")
    assert 'visually-hidden">条未读' not in client_for(users.ent_a).get("/workbench/").content.decode()


def _active(client, url):
    """Labels of the menu entries marked active on the page at ``url``."""
    import re

    html = client.get(url).content.decode()
    found = re.findall(r'class="(?:nav-link|dropdown-item|nav-link dropdown-toggle) active"[^>]*>([^<]+)<', html)
    return [label.strip() for label in found]


def test_one_menu_entry_is_active_per_page(tree, users, client_for):
    from core.menu import active_url

    assert (
        active_url(
            ["/workbench/", "/enterprises/", "/enterprises/changes/"], "/enterprises/changes/3/", home="/workbench/"
        )
        == "/enterprises/changes/"
    )
    assert active_url(["/workbench/", "/complaints/"], "/workbench/x/", home="/workbench/") is None
    officer = client_for(users.district_a)
    assert _active(officer, "/inbox/") == ["消息"]
    assert _active(officer, "/complaints/") == ["投诉工单"]
    assert _active(officer, "/workbench/") == ["工作台"]
    assert _active(officer, "/enterprises/changes/") == ["基础信息", "变更审核"]
    assert _active(officer, "/enterprises/") == ["基础信息", "物业企业"]
    enterprise = client_for(users.ent_a)
    assert _active(enterprise, "/inbox/") == ["消息"]
    assert _active(enterprise, "/complaints/") == ["投诉工单"]


def test_the_navbar_names_the_enterprise_user_once(tree, users, client_for):
    import re

    users.ent_a.last_name = tree.ent_a.name
    users.ent_a.save()
    html = client_for(users.ent_a).get("/workbench/").content.decode()
    nav = re.search(r"<nav class=\"navbar.*?</nav>", html, re.S).group(0)
    visible = re.sub(r'title="[^"]*"', "", nav)  # the tooltip may repeat it
    assert visible.count(tree.ent_a.name) == 1
    assert "我的导出" in nav and "退出" in nav
