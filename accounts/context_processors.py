from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _menu(user):
    """The role-aware main menu: links and groups of links, by url name."""
    if user.is_staff_side:
        registry = [
            (_("行政区域"), "projects:region_list"),
            (_("物业项目"), "projects:project_list"),
            (_("物业企业"), "enterprises:enterprise_list"),
            (_("覆盖率"), "projects:coverage"),
        ]
        if user.is_bureau_officer:
            registry.append((_("变更审核"), "enterprises:change_request_list"))
        supervision = [
            (_("双随机抽查"), "inspections:draw_list"),
            (_("检查"), "inspections:inspection_list"),
            (_("整改台账"), "inspections:order_list"),
            (_("约谈"), "inspections:summons_list"),
            (_("自查自评"), "inspections:report_list"),
            (_("检查标准"), "inspections:standard_list"),
        ]
        return [
            (_("工作台"), "home"),
            (_("投诉工单"), "complaints:list"),
            (_("监管"), supervision),
            (_("基础信息"), registry),
            (_("消息"), "complaints:inbox"),
        ]
    if user.is_enterprise_user:
        return [
            (_("工作台"), "home"),
            (_("投诉工单"), "complaints:list"),
            (_("整改"), "inspections:order_list"),
            (_("自查自评"), "inspections:report_list"),
            (
                _("本企业"),
                [
                    (_("企业信息"), "enterprises:my_enterprise"),
                    (_("在管项目"), "projects:project_list"),
                    (_("变更申请"), "enterprises:change_request_list"),
                    (_("约谈"), "inspections:summons_list"),
                ],
            ),  # fmt: skip
            (_("消息"), "complaints:inbox"),
        ]
    return [(_("工作台"), "home"), (_("消息"), "complaints:inbox")]


def navigation(request):
    """Menu entries for the signed-in user, each marked active when the page is under it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path

    def link(label, name):
        url = reverse(name)
        return {"label": label, "url": url, "active": current == url if name == "home" else current.startswith(url)}

    nav = []
    for label, target in _menu(user):
        if isinstance(target, list):
            children = [link(child_label, name) for child_label, name in target]
            nav.append({"label": label, "children": children, "active": any(c["active"] for c in children)})
        else:
            nav.append(link(label, target))
    return {"nav_items": nav}
