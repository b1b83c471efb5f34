from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination


class PageNumberPagination(BasePageNumberPagination):
    """Clients choose the page size, within a bound that keeps one page cheap."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
