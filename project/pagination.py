from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination

ERROR_PAGE_SIZE = "page_size is a whole number from 1 to {maximum}; larger values get {maximum}."


class PageNumberPagination(BasePageNumberPagination):
    """Clients choose the page size, within a bound that keeps one page cheap.

    A page_size that is not a positive whole number is a 400 rather than silently the default,
    so that a typo never looks like a complete answer; one above the maximum is clamped to it.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param)
        if text is None or text == "":
            return self.page_size
        if not text.isascii() or not text.isdigit() or int(text) < 1:
            raise ValidationError(
                {self.page_size_query_param: [ERROR_PAGE_SIZE.format(maximum=self.max_page_size)]}
            )
        return min(int(text), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1})
                parameter["description"] = (
                    f"Results per page: 1 to {self.max_page_size} (larger values get "
                    f"{self.max_page_size}); default {self.page_size}."
                )
        return parameters


class PagedRows:
    """What a paginator pages when a page is read as rows: `rows` (a `.values()` QuerySet of
    `queryset`) for the page itself, the count on the filtered `queryset` alone.

    Counting the rows would keep their joins (and any per-row subquery) in the COUNT, which made
    counting a wide window cost several times the page at 1M events (bench/RESULTS.md).
    """

    def __init__(self, queryset, rows):
        self.queryset = queryset
        self.rows = rows

    def count(self) -> int:
        return self.queryset.order_by().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if index.start == index.stop:  # the first page of no matches: no query, not even built
            return []
        return self.rows[index]
