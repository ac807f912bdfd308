"""Who may act in the project registry: one rule per action (``core.permissions``;
docs/permissions.md). Imports ask the role; each row is then checked against the importer's region."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import ANYWHERE, BUREAU, Rule, register

RULES = (
    Rule("projects.import_regions", _("导入行政区划"), BUREAU, ANYWHERE, note=_("不限；逐项按本人辖区核对")),
    Rule("projects.import_projects", _("导入物业项目"), BUREAU, ANYWHERE, note=_("不限；逐项按本人辖区核对")),
)

register(*RULES)
