"""Who may act in dashboards: one rule per action (``core.permissions``; docs/permissions.md).

A bulletin lies in the region it is for (the city's bulletin is the city's: a district neither
drafts, reviews nor publishes it) and is reviewed and published by two officers other than the
one who generated it (``core.publication``); yearly funding is entered by the city."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import BUREAU, CITY, Rule, region_of, register
from core.publication import after

IN_REGION = _("对象所属区域的辖区")


def _bulletin_region(bulletin):
    return region_of(bulletin.region)


RULES = (
    # A bulletin is generated for a region (the object is the region), reviewed, then published.
    Rule("dashboards.generate_bulletin", _("生成周报简报"), BUREAU, region_of, note=IN_REGION),
    Rule(
        "dashboards.review_bulletin",
        _("审核周报简报"),
        BUREAU,
        _bulletin_region,
        check=after("created_by_id"),
        note=_("对象所属区域的辖区；不是生成人"),
    ),
    Rule(
        "dashboards.publish_bulletin",
        _("发布周报简报"),
        BUREAU,
        _bulletin_region,
        check=after("created_by_id", "reviewed_by_id"),
        note=_("对象所属区域的辖区；不是生成人或审核人"),
    ),
    Rule("dashboards.enter_funding", _("录入专项经费"), frozenset({CITY}), region_of, note=IN_REGION),
)

register(*RULES)
