from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request):
    """The role-aware main menu: (label, url name) pairs the signed-in user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("工作台"), "home")]
    if user.is_staff_side:
        items += [
            (_("投诉工单"), "complaints:list"),
            (_("行政区域"), "projects:region_list"),
            (_("物业项目"), "projects:project_list"),
            (_("物业企业"), "enterprises:enterprise_list"),
            (_("覆盖率"), "projects:coverage"),
            (_("双随机抽查"), "inspections:draw_list"),
            (_("检查"), "inspections:inspection_list"),
            (_("整改台账"), "inspections:order_list"),
            (_("约谈"), "inspections:summons_list"),
            (_("自查自评"), "inspections:report_list"),
            (_("检查标准"), "inspections:standard_list"),
        ]
        if user.is_bureau_officer:
            items.append((_("变更审核"), "enterprises:change_request_list"))
    elif user.is_enterprise_user:
        items += [
            (_("投诉工单"), "complaints:list"),
            (_("本企业"), "enterprises:my_enterprise"),
            (_("在管项目"), "projects:project_list"),
            (_("变更申请"), "enterprises:change_request_list"),
            (_("整改"), "inspections:order_list"),
            (_("自查自评"), "inspections:report_list"),
            (_("约谈"), "inspections:summons_list"),
        ]
    items.append((_("消息"), "complaints:inbox"))
    current = request.path
    nav = []
    for label, name in items:
        url = reverse(name)
        active = current == url if name == "home" else current.startswith(url)
        nav.append({"label": label, "url": url, "active": active})
    return {"nav_items": nav}
