"""Request checks that come before any view."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from .caching import TIMEOUT, request_state


class RejectNulBytes:
    """A NUL byte in the path or the query string is answered with 400 before any view runs.

    No real address holds one, and PostgreSQL refuses text containing it, so a view would fail with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Every value of a repeated parameter (GET.items() would show only the last one).
        values = (value for key, listed in request.GET.lists() for value in [key, *listed])
        if "\x00" in request.path or any("\x00" in value for value in values):
            return HttpResponseBadRequest("A NUL byte is not allowed in an address.\n", content_type="text/plain")
        return self.get_response(request)


class PublicCaching:
    """Anonymous reads of public pages and exports carry an ETag (the archive's version, the address and host) and
    a Last-Modified (the archive's last change), so that a browser or a CDN revalidates instead of downloading
    again: a request that already holds the current version is answered 304 before any view runs. The pages
    themselves (not the streamed exports) are kept whole in the "pages" cache under the same key, so that each is
    built once per version of the archive, whichever server or worker is asked. Pages for signed-in editors
    (drafts, banners), forms with a CSRF token, responses that set cookies and errors get none of it."""

    SKIPPED = ("/admin/", "/static/")
    LARGEST = 512 * 1024  # bytes: a larger page is built each time rather than kept

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or request.path.startswith(self.SKIPPED)
            or request.user.is_authenticated
        ):
            return self.get_response(request)
        version, changed_at = request_state(request)
        digest = hashlib.sha256(f"{version}|{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
        etag = quote_etag(f"v{version}-{digest[:24]}")
        last_modified = int(changed_at.timestamp()) if changed_at else None
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        kept = caches["pages"].get(f"page:{etag}")
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            response.headers.setdefault("ETag", etag)
            if last_modified is not None:
                response.headers.setdefault("Last-Modified", http_date(last_modified))
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE, must_revalidate=True)
            if not response.streaming and len(response.content) <= self.LARGEST:
                caches["pages"].set(f"page:{etag}", (response.content, list(response.items())), TIMEOUT)
        return response
