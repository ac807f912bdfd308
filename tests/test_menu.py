"""The main menu is assembled from what each app registers (core.menu); roles see their own."""

from core.menu import Entry, menu_for, register


def _names(menu):
    return [(str(label), t if isinstance(t, str) else [name for _l, name in t]) for label, t in menu]


def test_staff_and_enterprise_menus(users):
    staff = _names(menu_for(users.district_a))
    assert [label for label, _t in staff] == ["工作台", "投诉工单", "我的检查", "量化考核", "监管", "基础信息", "消息"]
    assert dict(staff)["基础信息"][-1] == "enterprises:change_request_list"  # bureau officers review changes
    assert "enterprises:change_request_list" not in dict(_names(menu_for(users.street_a)))["基础信息"]
    enterprise = _names(menu_for(users.ent_a))
    bar = ["工作台", "投诉工单", "量化考核", "整改", "自查自评", "本企业", "消息"]
    assert [label for label, _t in enterprise] == bar
    assert dict(enterprise)["本企业"] == [
        "enterprises:my_enterprise", "projects:project_list", "enterprises:change_request_list",
        "inspections:summons_list",
    ]  # fmt: skip


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
    assert "visually-hidden\">条未读" not in client_for(users.ent_a).get("/workbench/").content.decode()
