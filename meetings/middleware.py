"""Request checks that come before any view."""

from django.http import HttpResponseBadRequest


class RejectNulBytes:
    """A NUL byte in the path or the query string is answered with 400 before any view runs.

    No real address holds one, and PostgreSQL refuses text containing it, so a view would fail with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            return HttpResponseBadRequest("A NUL byte is not allowed in an address.\n", content_type="text/plain")
        return self.get_response(request)
