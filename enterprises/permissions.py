"""Who may act in the enterprise registry: one rule per action (``core.permissions``;
docs/permissions.md). An enterprise's jurisdiction is the region it is registered in."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import ANYWHERE, BUREAU, ENTERPRISE, Rule, enterprise_place, register

RULES = (
    Rule("enterprises.import_enterprises", _("导入企业名录"), BUREAU, ANYWHERE, note=_("不限；逐项按本人辖区核对")),
    Rule(
        "enterprises.request_change",
        _("申请变更企业信息"),
        frozenset({ENTERPRISE}),
        enterprise_place,
        note=_("企业注册地所在辖区；企业本身"),
    ),
    Rule(
        "enterprises.withdraw_change",
        _("撤回变更申请"),
        frozenset({ENTERPRISE}),
        lambda change: enterprise_place(change.enterprise),
        note=_("企业注册地所在辖区；企业本身"),
    ),
    Rule(
        "enterprises.review_change",
        _("审核企业信息变更"),
        BUREAU,
        lambda change: enterprise_place(change.enterprise),
        note=_("企业注册地所在辖区；企业本身"),
    ),
)

register(*RULES)
