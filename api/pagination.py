"""Paging: numbered pages for most lists, a cursor for the measures (a synchronising
client walks them without skipping or repeating one while others change them). A
page holds PAGE_SIZE items unless `page_size` asks for fewer or more, at most
MAX_PAGE_SIZE: a larger one is refused with 400, not silently cut."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination

MAX_PAGE_SIZE = 500
PAGE_SIZE_PARAM = "page_size"


def page_size_from(request, default: int) -> int:
    raw = request.query_params.get(PAGE_SIZE_PARAM)
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise exceptions.ValidationError(
            {
                PAGE_SIZE_PARAM: _("Die Seitengröße muss eine Zahl von 1 bis %(max)s sein.")
                % {"max": MAX_PAGE_SIZE}
            }
        )
    return size


def link_header(response, next_link: str | None, previous_link: str | None):
    """The neighbouring pages in a Link header too, for CSV, which has no envelope."""
    links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", next_link),
             ("prev", previous_link)) if url]  # fmt: skip
    if links:
        response["Link"] = ", ".join(links)
    return response


class PagePagination(pagination.PageNumberPagination):
    page_size_query_param = PAGE_SIZE_PARAM
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return page_size_from(request, self.page_size)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as error:  # no such page: bad input, not a lost object
            raise exceptions.ValidationError({self.page_query_param: error.detail}) from error

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        return link_header(response, self.get_next_link(), self.get_previous_link())


class MeasureCursorPagination(pagination.CursorPagination):
    """Ordered by the id, which is unique and never changes: a stable walk."""

    ordering = "pk"
    page_size_query_param = PAGE_SIZE_PARAM
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return page_size_from(request, self.page_size)

    def decode_cursor(self, request):
        # DRF checks the offset and direction but takes the position as it comes; as
        # the position is an id, anything else would fail in the query (a 500).
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        try:
            return cursor._replace(position=int(cursor.position))
        except ValueError as error:
            raise exceptions.NotFound(self.invalid_cursor_message) from error

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as error:  # a cursor that is not one of ours
            raise exceptions.ValidationError(
                {self.cursor_query_param: _("Ungültiger Cursor.")}
            ) from error

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        return link_header(response, self.get_next_link(), self.get_previous_link())
