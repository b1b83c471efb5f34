"""Limits checked before any view runs, answered in JSON like the API's other errors."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse

ERROR_TOO_LARGE = "The request body is {size} bytes; the limit is {limit} bytes."
ERROR_BAD_LENGTH = "Content-Length must be a whole number of bytes."
ERROR_NUL_IN_QUERY = "Query parameter '{name}' must not contain NUL (%00) characters."


class RequestLimitsMiddleware:
    """413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE, 400 for NUL bytes in the query string.

    Django enforces the body limit only when request.body or POST is read; DRF streams the body
    into its parsers, so without this check a large JSON body would be read whole.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            size = int(length)
        except ValueError:
            return JsonResponse({"detail": ERROR_BAD_LENGTH}, status=400)
        if limit is not None and size > limit:
            return JsonResponse(
                {"detail": ERROR_TOO_LARGE.format(size=size, limit=limit)}, status=413
            )
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                name = name.replace("\x00", "%00")
                return JsonResponse({name: [ERROR_NUL_IN_QUERY.format(name=name)]}, status=400)
        return self.get_response(request)
