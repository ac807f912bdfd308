"""Paging: the API's page numbers and the public pages' ``paginate``."""

from django.core.paginator import Paginator
from rest_framework import pagination


class Pagination(pagination.PageNumberPagination):
    """Page numbers, with ``page_size`` up to 500 for systems that pull whole registries."""

    page_size_query_param = "page_size"
    max_page_size = 500


def paginate(request, queryset, per_page=20):
    """The page of ``queryset`` the public list asks for (``?page=``); a bad number gives page 1."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
