"""Pages of every list: numbered, with first/previous/next/last links in the body and in a Link header."""

from django.core.paginator import EmptyPage
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..views import KnownCountPaginator
from .parameters import whole_number

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# Far beyond any real list, small enough for every database's OFFSET: a bound on what one address can ask for.
MAX_PAGE = 10**9


class PagePagination(PageNumberPagination):
    """``page`` (from 1) and ``page_size`` (1–100, default 25). The links keep every other parameter as given, so a
    page's address is stable; a page number or size that is not one is a 400, a page past the end a 404."""

    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    page_query_description = "Page number, from 1."
    page_size_query_description = f"Results per page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE})."
    parameters = ("page", "page_size")

    def paginate_queryset(self, queryset, request, view=None, count=None):
        """The page's rows; ``count``, when the caller knows it (cached by filter set), spares a count query."""
        size = whole_number(request, "page_size", self.page_size, 1, self.max_page_size)
        number = whole_number(request, "page", 1, 1, MAX_PAGE)
        paginator = KnownCountPaginator(queryset, size, count)
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            raise NotFound(f"There is no page {number}: the results have {paginator.num_pages}.") from None
        self.request = request
        return list(self.page)

    def links(self):
        url = self.request.build_absolute_uri()
        first = remove_query_param(url, self.page_query_param)
        last_number = self.page.paginator.num_pages
        last = first if last_number == 1 else replace_query_param(url, self.page_query_param, last_number)
        previous = None
        if self.page.has_previous():
            number = self.page.previous_page_number()
            previous = first if number == 1 else replace_query_param(url, self.page_query_param, number)
        following = None
        if self.page.has_next():
            following = replace_query_param(url, self.page_query_param, self.page.next_page_number())
        return {"first": first, "previous": previous, "next": following, "last": last}

    def get_paginated_response(self, data):
        links = self.links()
        body = {
            "count": self.page.paginator.count,
            "page": self.page.number,
            "pages": self.page.paginator.num_pages,
            "page_size": self.page.paginator.per_page,
            **links,
            "results": data,
        }
        response = Response(body)
        relations = {"first": "first", "previous": "prev", "next": "next", "last": "last"}
        response["Link"] = ", ".join(
            f'<{links[name]}>; rel="{relation}"' for name, relation in relations.items() if links[name]
        )
        return response

    def get_schema_operation_parameters(self, view):
        bounds = {"page": (1, MAX_PAGE), "page_size": (1, self.max_page_size)}
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            low, high = bounds[parameter["name"]]
            parameter["schema"].update(minimum=low, maximum=high)
        return parameters

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "page", "pages", "page_size", "first", "previous", "next", "last", "results"],
            "properties": {
                "count": {"type": "integer", "description": "Results in all pages.", "example": 123},
                "page": {"type": "integer", "description": "This page's number.", "example": 2},
                "pages": {"type": "integer", "description": "Number of pages (at least 1).", "example": 5},
                "page_size": {"type": "integer", "description": "Results per page.", "example": 25},
                "first": {**link, "nullable": False, "description": "The first page (also in the Link header)."},
                "previous": {**link, "description": "The previous page, or null (Link: rel=prev)."},
                "next": {**link, "description": "The next page, or null (Link: rel=next)."},
                "last": {**link, "nullable": False, "description": "The last page (Link: rel=last)."},
                "results": schema,
            },
        }
