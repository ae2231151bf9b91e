"""Who is asking: the client's address, also behind a reverse proxy, and a keyed hash of it to store."""

import hashlib
import hmac
import ipaddress

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR; behind a reverse proxy (``BEHIND_PROXY``), the address the proxy appended to X-Forwarded-For
    (counted from the right by ``PROXY_COUNT``: the proxies' own hops), which a client cannot forge."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "BEHIND_PROXY", False):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        count = max(1, getattr(settings, "PROXY_COUNT", 1))
        if len(hops) >= count:
            address = hops[-count]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"


def address_key(request):
    """A keyed hash of the client's address: enough to count one sender's posts, not to recover the address."""
    return hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256).hexdigest()


def client_ip_or_none(request):
    """The client's address for django-axes, which stores it in an address column: None when there is none (a
    login made without a request's address, as the test client's login() makes)."""
    address = client_address(request)
    return None if address == "unknown" else address
