"""Who may act in dashboards: one rule per action (``core.permissions``; README "Roles").

A bulletin lies in the region it is for (the city's bulletin is the city's: a district
neither drafts nor publishes it); yearly funding is entered by the city for its districts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import BUREAU, CITY, Rule, region_of, register

RULES = (
    # A bulletin is generated for a region (the object is the region), then published.
    Rule("dashboards.generate_bulletin", _("生成周报简报"), BUREAU, region_of, note=_("对象所属区域的辖区")),
    Rule(
        "dashboards.publish_bulletin",
        _("发布周报简报"),
        BUREAU,
        lambda bulletin: region_of(bulletin.region),
        note=_("对象所属区域的辖区"),
    ),
    Rule("dashboards.enter_funding", _("录入专项经费"), frozenset({CITY}), region_of, note=_("对象所属区域的辖区")),
)

register(*RULES)
