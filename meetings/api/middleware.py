"""/api/: the anonymous rate limit and conditional GET, around the page cache.

The page cache (meetings/middleware.py ``PublicCaching``) answers an anonymous read that it already holds, or a
304, before any view runs, so a DRF throttle set on the views would let repeated requests through uncounted. This
middleware sits before it: every anonymous request to /api/ is counted, however it is then answered. It also gives
an ETag (and a 304 on If-None-Match) to the answers the page cache leaves alone (signed-in editors'), so every API
answer can be revalidated.
"""

import math

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import get_conditional_response, set_response_etag
from rest_framework.throttling import AnonRateThrottle

from ..clients import client_address

PREFIX = "/api/"


class ApiAnonThrottle(AnonRateThrottle):
    """DRF's per-address throttle for anonymous clients, read from settings at each request (``API_ANON_RATE``)
    and keyed by the address the rest of the archive trusts (meetings/clients.py, proxy-aware), kept in Django's
    default cache."""

    scope = "api_anon"

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_ident(self, request):
        return client_address(request)


def too_many_requests(throttle):
    wait = max(1, math.ceil(throttle.wait() or 1))
    response = JsonResponse(
        {
            "detail": f"Too many requests from your address: at most {throttle.rate.replace('/', ' per ')}. "
            f"Try again in {wait} seconds.",
            "retry_after": wait,
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


class ApiThrottleAndETag:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        throttle = ApiAnonThrottle()
        if not throttle.allow_request(request, None):
            return too_many_requests(throttle)
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            if not response.has_header("ETag"):
                set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response
