"""Pages a complaint's category points to. A complaint about the maintenance fund (维修资金) or
the public revenue (公共收益) links to the project's fund page: the staff's page for officers and
the enterprise, the fund panel of the compound's public page for the resident."""

from __future__ import annotations

from funds.pages import fund_page_url

FUND_CATEGORIES = frozenset({"maintenance_fund", "public_revenue"})


def is_about_funds(category) -> bool:
    """The category or its parent is one of the fund categories."""
    return category.code in FUND_CATEGORIES or bool(category.parent_id and category.parent.code in FUND_CATEGORIES)


def fund_link(complaint, user=None) -> str | None:
    """The fund page of the complaint's project when the complaint is about the funds."""
    if complaint.project_id is None or not is_about_funds(complaint.category):
        return None
    return fund_page_url(complaint.project, user)
