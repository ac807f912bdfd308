"""Staff and enterprise pages of inspections, one module per sub-domain: standards, draws,
inspections on site, the rectification ledger, summons and quarterly self-reports. Thin callers
of the rules modules."""

from .draws import DrawListView, draw_action, draw_detail, draw_new
from .orders import OrderListView, order_action, order_detail, order_new, photo
from .reports import SelfReportListView, report_action, report_detail
from .standards import standard_action, standard_detail, standard_list
from .summons import SummonsListView, summons_action, summons_attachment, summons_detail, summons_new
from .work import InspectionListView, inspection_action, inspection_detail, my_inspections

__all__ = [
    "DrawListView",
    "InspectionListView",
    "OrderListView",
    "SelfReportListView",
    "SummonsListView",
    "draw_action",
    "draw_detail",
    "draw_new",
    "inspection_action",
    "inspection_detail",
    "my_inspections",
    "order_action",
    "order_detail",
    "order_new",
    "photo",
    "report_action",
    "report_detail",
    "standard_action",
    "standard_detail",
    "standard_list",
    "summons_action",
    "summons_attachment",
    "summons_detail",
    "summons_new",
]
