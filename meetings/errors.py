"""When the database is away or too slow: a short 503 page with Retry-After, never a 500.

Django calls ``server_error`` (config/urls.py ``handler500``) for any uncaught exception, from a view or a
middleware, inside the handling of that exception: a database that cannot be reached (PostgreSQL restarting, a
connection refused), a statement cancelled by the public statement timeout, or SQLite's "database is locked" is
answered 503 with ``Retry-After``; anything else is the usual 500. The page is plain HTML built here, so it needs
neither the database nor a template that could reach it.
"""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionDoesNotExist
from django.http import HttpResponse, HttpResponseServerError
from django.utils.html import escape

RETRY_AFTER = 30

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} — Diplomatic Meetings Archive</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>{title}</h1><p>{text}</p><p><a href="/">Diplomatic Meetings Archive</a></p></body></html>
"""


SQLITE_TROUBLE = ("database is locked", "database table is locked", "unable to open database", "disk i/o error")


def is_database_trouble(error):
    """A database that cannot answer now (rather than a mistake in a query): worth trying again later."""
    if isinstance(error, (InterfaceError, ConnectionDoesNotExist)):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if cause is not None and type(cause).__module__.startswith("psycopg"):
        # psycopg's OperationalError: connection refused or lost, server shutting down, statement cancelled.
        return True
    return any(words in str(error).lower() for words in SQLITE_TROUBLE) or "connection" in str(error).lower()


def unavailable(request=None):
    title = "The archive is busy or briefly unavailable"
    text = "Its database did not answer in time. Please try again in a minute; nothing you sent was lost or half saved."
    response = HttpResponse(PAGE.format(title=escape(title), text=escape(text)), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, *args, **kwargs):
    error = sys.exc_info()[1]
    if error is not None and is_database_trouble(error):
        return unavailable(request)
    title = "Something went wrong"
    text = "The error was recorded. Please try again later."
    return HttpResponseServerError(PAGE.format(title=escape(title), text=escape(text)))


class PublicStatementTimeout:
    """PostgreSQL: a visitor's request may not hold the database longer than PUBLIC_STATEMENT_TIMEOUT_MS per
    statement (a cancelled statement is answered 503 by ``server_error``); the admin, editors and management
    commands are not limited. The setting is put back when the response is closed (after a streamed export)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connections

        from .routers import reading_replica

        limit = settings.PUBLIC_STATEMENT_TIMEOUT_MS
        if not limit or request.path.startswith("/admin/") or request.user.is_authenticated:
            return self.get_response(request)
        alias = "replica" if reading_replica.get() and "replica" in settings.DATABASES else "default"
        connection = connections[alias]
        if connection.vendor != "postgresql":
            return self.get_response(request)
        set_timeout(connection, int(limit))
        try:
            response = self.get_response(request)
        except BaseException:
            set_timeout(connection, 0)
            raise
        response._resource_closers.append(lambda: set_timeout(connection, 0))
        return response


def set_timeout(connection: BaseDatabaseWrapper, milliseconds):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}ms"])
    except DatabaseError:
        pass  # the database is away: the request itself will say so
