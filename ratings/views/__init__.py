"""The ratings pages, one module per sub-domain: quarters and scores, schemes and street
evaluations, red/black lists, credit, stars, objections and honours."""

from .credit import CreditRecordListView, credit_file
from .honours import HonourListView, honour_action, honour_detail, honour_nominate
from .lists import ListEntryListView, list_action, list_detail, list_index
from .objections import objection_action, objection_file, objection_list, objection_photo
from .quarters import (
    EnterpriseScoreDetailView,
    EnterpriseScoreListView,
    ProjectScoreDetailView,
    ProjectScoreListView,
    run_list,
    run_publish,
    run_review,
    run_start,
)
from .schemes import scheme_action, scheme_detail, scheme_list, street_evaluations
from .stars import StarListView, star_action, star_detail

__all__ = [
    "CreditRecordListView",
    "EnterpriseScoreDetailView",
    "EnterpriseScoreListView",
    "HonourListView",
    "ListEntryListView",
    "ProjectScoreDetailView",
    "ProjectScoreListView",
    "StarListView",
    "credit_file",
    "honour_action",
    "honour_detail",
    "honour_nominate",
    "list_action",
    "list_detail",
    "list_index",
    "objection_action",
    "objection_file",
    "objection_list",
    "objection_photo",
    "run_list",
    "run_publish",
    "run_review",
    "run_start",
    "scheme_action",
    "scheme_detail",
    "scheme_list",
    "star_action",
    "star_detail",
    "street_evaluations",
]
