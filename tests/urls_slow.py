"""A test-only address whose statement outlasts the public statement timeout (tests/test_hardening.py)."""

from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import include, path


def slow(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return HttpResponse("done")


def refused(request):
    raise OperationalError("connection failed: Connection refused. Is the server running on that host?")


urlpatterns = [path("slow/", slow), path("refused/", refused), path("", include("config.urls"))]
handler500 = "meetings.errors.server_error"
