"""Test-only addresses: a statement outlasting the public statement timeout, the timeout in force, a refused
connection (tests/test_hardening.py)."""

from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import include, path


def slow(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return HttpResponse("done")


def timeout(request):
    """The statement timeout the request runs under; with ?reconnect=1, on a connection opened during the request
    (as after Django's health check found the old one dead)."""
    if request.GET.get("reconnect"):
        connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return HttpResponse(cursor.fetchone()[0])


def refused(request):
    raise OperationalError("connection failed: Connection refused. Is the server running on that host?")


urlpatterns = [
    path("slow/", slow),
    path("timeout/", timeout),
    path("refused/", refused),
    path("", include("config.urls")),
]
handler500 = "meetings.errors.server_error"
