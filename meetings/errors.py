"""When the database is away or too slow: a short 503 page with Retry-After, never a 500.

Django calls ``server_error`` (config/urls.py ``handler500``) for any uncaught exception, from a view or a
middleware, inside the handling of that exception: a database that cannot be reached (PostgreSQL restarting, a
connection refused), a statement cancelled by the public statement timeout, or SQLite's "database is locked" is
answered 503 with ``Retry-After``; anything else is the usual 500. The page is plain HTML built here, so it needs
neither the database nor a template that could reach it.
"""

import contextvars
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


# The timeout the request being served wants on a connection ((alias, milliseconds)), for a connection it opens.
_wanted_timeout = contextvars.ContextVar("wanted_statement_timeout", default=None)


class PublicStatementTimeout:
    """PostgreSQL: a visitor's request may not hold the database longer than PUBLIC_STATEMENT_TIMEOUT_MS per
    statement (a cancelled statement is answered 503 by ``server_error``); the admin, editors and management
    commands are not limited (the middleware before this one, which reads an editor's session, runs under whatever
    limit the connection kept from its last request).

    The limit is set on a connection only when the request needs another than the one it has (ensure_timeout):
    a visitor's request after a visitor's sends no statement for it, an editor's after a visitor's puts it back to
    none. Setting it before each request and putting it back after cost two round trips to the database per page,
    7.5 % of the workers' time under the benchmark's load (py-spy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connections

        from .routers import reading_replica

        alias = "replica" if reading_replica.get() and "replica" in settings.DATABASES else "default"
        connection = connections[alias]
        if connection.vendor != "postgresql":
            return self.get_response(request)
        public = not request.path.startswith("/admin/") and not request.user.is_authenticated
        milliseconds = int(settings.PUBLIC_STATEMENT_TIMEOUT_MS or 0) if public else 0
        token = _wanted_timeout.set((alias, milliseconds))
        try:
            ensure_timeout(connection, milliseconds)
            return self.get_response(request)
        finally:
            _wanted_timeout.reset(token)


def ensure_timeout(connection: BaseDatabaseWrapper, milliseconds):
    """The connection's statement timeout set to ``milliseconds`` (0: none), unless set_timeout() already did so
    on this very database session and outside a transaction (a transaction rolled back would have undone it)."""
    try:
        connection.ensure_connection()  # a connection opened now is set by timeout_on_new_connection
    except DatabaseError:
        return  # the database is away: the request itself will say so
    if getattr(connection, "meetings_timeout", None) != (connection.connection, milliseconds):
        set_timeout(connection, milliseconds)


def set_timeout(connection: BaseDatabaseWrapper, milliseconds):
    connection.meetings_timeout = None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}ms"])
    except DatabaseError:
        return  # the database is away: the request itself will say so
    if not connection.in_atomic_block:
        connection.meetings_timeout = (connection.connection, milliseconds)


def timeout_on_new_connection(sender, connection, **kwargs):
    """A connection opened while a request is served (the first, or one replacing a connection found dead by
    Django's health check) gets the request's timeout at once."""
    connection.meetings_timeout = None
    wanted = _wanted_timeout.get()
    if wanted is not None and wanted[0] == connection.alias and connection.vendor == "postgresql":
        set_timeout(connection, wanted[1])
