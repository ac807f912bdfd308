from rest_framework import pagination


class Pagination(pagination.PageNumberPagination):
    """Page numbers, with ``page_size`` up to 500 for systems that pull whole registries."""

    page_size_query_param = "page_size"
    max_page_size = 500
